"""Date and number formats for Tamazight (Standard Moroccan Tamazight, Tifinagh script).

The same shapes as French in Morocco, imported from it so they are written once: day
first, 24-hour clock, Latin digits grouped by three with a no-break space, "," as the
decimal mark. The month names are
Tamazight's in Tifinagh (ⵉⵏⵏⴰⵢⵔ ... ⴷⵓⵊⴰⵏⴱⵉⵔ); they come from the project's zgh catalogue,
in every form Django asks for (plain, "abbrev. month", "alt. month", three-letter).
"""

from ess_platform.formats.fr.formats import *  # noqa: F403
