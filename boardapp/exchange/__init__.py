"""Files in and out: the readings template and import (Excel packs and change files to come).

Modules: ``template`` (the workbook to fill in), ``readings_import`` (reading and checking
a filled-in sheet), ``reading_cells`` (what people type, read), ``workbook_safety``
(refusing hostile or oversized files before they are read).
"""
