"""Registers and statistics of dossiers (issue 5, part 5): the dossier register (form 07, Sổ theo dõi hồ sơ)
and the statistics of how procedures were handled (thống kê tình hình giải quyết TTHC).

- `periods`: months, quarters, years and ranges of days in Viet Nam's time.
- `measures`: what each number means, as one condition (early, on time, late, carried over…).
- `filters`, `forms`: the filters, validated once for the back office and the API.
- `selectors`: the register and the statistics for a viewer.
- `exports`: the same as Excel workbooks and A4 landscape PDFs (tinhso.documents).
"""
