"""Words of the banners above the views, shared by the window (ui/guest.py) and the first
paint (ui/first_paint.py), which must say them before the store is imported."""

NOT_SIGNED_IN = ("You have not signed in, so you read as a guest: no exempt item is shown, and nothing "
                 "can be changed or exported. File > Who am I > Sign in… to sign in.")
