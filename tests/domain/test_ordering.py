from boardapp.domain.ordering import natural_key


def test_numbers_sort_by_value():
    codes = ["NI 102", "NI 59", "NI 60", "NI 57", "NI 117", "NI 108"]
    assert sorted(codes, key=natural_key) == ["NI 57", "NI 59", "NI 60", "NI 102", "NI 108", "NI 117"]


def test_case_spaces_and_suffixes():
    codes = ["ni60-vol", "NI59-VOL", "NI 60", "NI 59", "KS4L2", "KS4-35", "KS4-40", "caseload", "CASELOAD-LAC"]
    assert sorted(codes, key=natural_key) == [
        "caseload", "CASELOAD-LAC", "KS4-35", "KS4-40", "KS4L2", "NI 59", "NI59-VOL", "NI 60", "ni60-vol",
    ]


def test_total_and_stable_order():
    # Codes that read the same apart from punctuation still have one order.
    assert sorted(["NI-59", "NI 59", "NI59"], key=natural_key) == sorted(["NI59", "NI-59", "NI 59"], key=natural_key)
    assert natural_key("") < natural_key("A")
