"""Date and number formats for Tamazight (Standard Moroccan Tamazight, Tifinagh script).

The same shapes as Arabic and French in Morocco: day first, 24-hour clock, Latin digits
grouped by three with a no-break space, "," as the decimal mark. The month names are
Tamazight's in Tifinagh (ⵉⵏⵏⴰⵢⵔ ... ⴷⵓⵊⴰⵏⴱⵉⵔ); they come from the project's zgh catalogue,
in every form Django asks for (plain, "abbrev. month", "alt. month", three-letter).
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
