"""Date and number formats for Arabic as read in Morocco.

Day first, 24-hour clock, Latin digits (as Moroccan administrations write them), the
Moroccan month names (they come from the project's catalogue, not from here) and digits
grouped by three with a no-break space, the same grouping as French: Moroccan documents
follow the French convention, where "." would be misread and "," is the decimal mark.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # no-break space: keeps the number in one piece in RTL text
NUMBER_GROUPING = 3
