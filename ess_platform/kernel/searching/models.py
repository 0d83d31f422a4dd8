"""The search's own data: the vocabulary of names (typos), the names known in both scripts
(cross-script search) and the spelling variants that national administrators add."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.search import search_text, search_words


def search_key(text):
    """A name as the search compares names: its search words joined by spaces."""
    return " ".join(search_words(text))


class StoredSearchText:
    """Mix into a model (before ``models.Model``) that declares ``search_text`` (a TextField,
    pg_trgm-indexed on PostgreSQL) and ``search_text_fields``: the column its list, API and
    admin search read (``Search.apply(..., column="search_text")``), written on every save
    that touches those fields. Bulk writes fill it themselves (``fill_search_text``)."""

    search_text_fields = ()

    def build_search_text(self):
        return search_text(*(getattr(self, name, "") for name in self.search_text_fields))

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.search_text = self.build_search_text()
        else:
            # A translated field is also saved by its base name (title for title_ar).
            names = set(self.search_text_fields) | {
                name.rsplit("_", 1)[0] for name in self.search_text_fields}
            if names & set(update_fields):
                self.search_text = self.build_search_text()
                if "search_text" not in update_fields:
                    kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)


def fill_search_text(objects):
    """Set ``search_text`` on unsaved or bulk-written rows (no ``save()`` runs for them)."""
    for obj in objects:
        obj.search_text = obj.build_search_text()
    return objects


class SearchWord(models.Model):
    """A word of the names the site holds (cooperatives, products, places, events, ideas...),
    normalised: the dictionary a mistyped query word is corrected against."""

    word = models.CharField(max_length=64, unique=True)
    #: The word as first written (for "did you mean").
    display = models.CharField(max_length=100)
    length = models.PositiveSmallIntegerField(db_index=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.display


class NamePair(models.Model):
    """One name and the same name written otherwise (its translation in the other script, or
    a known spelling), both as ``search_key``: a query naming one finds the other."""

    name = models.CharField(max_length=200, db_index=True)
    other = models.CharField(max_length=200)
    #: Where the pair comes from: "territory", "sector", "product", "variant"...
    source = models.CharField(max_length=30)

    class Meta:
        verbose_name = _("name pair")
        verbose_name_plural = _("name pairs")
        constraints = [models.UniqueConstraint(fields=["name", "other", "source"],
                                               name="searching_namepair_unique")]

    def __str__(self):
        return f"{self.name} = {self.other}"


class SpellingVariant(models.Model):
    """Another spelling people use for a name (Tiznite for Tiznit, اكادير for أكادير): data
    that national administrators keep in the admin, searched both ways."""

    name = models.CharField(_("name"), max_length=200,
                            help_text=_("The name as the site writes it, e.g. Tiznit."))
    variant = models.CharField(_("other spelling"), max_length=200,
                               help_text=_("Another way people write it, e.g. Tiznite."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "variant"]
        verbose_name = _("spelling variant")
        verbose_name_plural = _("spelling variants")
        constraints = [models.UniqueConstraint(fields=["name", "variant"],
                                               name="searching_variant_unique")]

    def __str__(self):
        return f"{self.name} / {self.variant}"


class SearchFacet(models.Model):
    """A name (as ``search_key``) that is exactly one row of a registered facet (a sector, a
    region, a province, a commune): a list filters a query naming it by that row's id (an
    indexed column) instead of matching the words in its text."""

    key = models.CharField(max_length=200, db_index=True)
    #: The registered facet: "sector", "region", "province", "commune"...
    facet = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        verbose_name = _("search facet")
        verbose_name_plural = _("search facets")
        constraints = [models.UniqueConstraint(fields=["key", "facet", "object_id"],
                                               name="searching_facet_unique")]
        indexes = [models.Index(fields=["facet", "object_id"], name="searching_facet_object")]

    def __str__(self):
        return f"{self.key} = {self.facet} {self.object_id}"


class WordShare(models.Model):
    """A word that a large part of a searched table's rows hold (``shares.COMMON_SHARE`` of
    them or more: "cooperative", "تعاونية"), and that part in thousandths. On PostgreSQL a
    query tests such a word by its position in the rows its other words found through the
    trigram index, not through that index, whose lists of entries for a word in every row
    cost more to read than the rows they find (``shares.py``)."""

    #: The searched model's label ("cooperatives.cooperative").
    table = models.CharField(max_length=100)
    word = models.CharField(max_length=64)
    per_mille = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("common search word")
        verbose_name_plural = _("common search words")
        constraints = [models.UniqueConstraint(fields=["word", "table"],
                                               name="searching_wordshare_unique")]

    def __str__(self):
        return f"{self.word} ({self.table}: {self.per_mille}\u2030)"


class SearchTextVersion(models.Model):
    """The normalisation version (``ess_platform.kernel.search.NORMALIZATION_VERSION``) the
    stored ``search_text`` columns were last built with: one row, rewritten by
    ``rebuild_search_text`` once every column is rebuilt."""

    version = models.PositiveIntegerField()
    rebuilt_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search text version")
        verbose_name_plural = _("search text versions")

    def __str__(self):
        return str(self.version)
