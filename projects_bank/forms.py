from django import forms
from django.utils.translation import gettext_lazy as _

from cooperatives.forms import InMemoryModelChoiceField
from cooperatives.models import Cooperative, Sector
from ess_platform.kernel.widgets import FastSelect
from regional_hubs.models import Commune, Province, Region

from .models import SCORE_MAX, SCORE_MIN, Call, FundingSource, Partner, ProjectIdea
from .services import REQUIRED_TO_SUBMIT


class IdeaForm(forms.ModelForm):
    """The idea form: the author writes, the submission token makes a resend harmless.

    The commune is chosen step by step: region, then province, then commune. Each list
    offers only the choices under the one above it, so the page stays small; without
    JavaScript a "next" button sends the form back with the next list (nothing typed is
    lost), with it ``idea_form.js`` fetches the list from the API.
    """

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"),
                                    to_field_name="code", required=False,
                                    empty_label=_("Choose a region"))
    province = forms.ModelChoiceField(label=_("Province or prefecture"),
                                      queryset=Province.objects.all(), to_field_name="code",
                                      required=False)
    commune = forms.ModelChoiceField(label=_("target commune"),
                                     queryset=Commune.objects.select_related("province"),
                                     to_field_name="code", required=False)

    #: Fields a blank leaves at the model's default.
    DEFAULTED_FIELDS = ("language", "expected_women", "expected_youth", "expected_jobs")
    #: The steps of the place, each narrowing the next.
    PLACE_FIELDS = ("region", "province", "commune")

    class Meta:
        model = ProjectIdea
        fields = [
            "language", "title", "sector", "commune", "summary", "need_addressed",
            "expected_members", "expected_women", "expected_youth", "estimated_budget",
            "expected_jobs", "photo", "document", "cooperative", "call",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
            "need_addressed": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
            "language": forms.RadioSelect,
            "photo": forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "document": forms.FileInput(attrs={"accept": "application/pdf"}),
            "estimated_budget": forms.NumberInput(attrs={"min": 0, "step": "0.01",
                                                         "inputmode": "decimal"}),
        }
        help_texts = {
            "photo": _("Optional. JPEG, PNG or WebP, at most 5 MB."),
            "document": _("Optional. A PDF of at most 5 MB (business plan, study...)."),
        }

    def __init__(self, data=None, *args, user, **kwargs):
        if data is not None:
            data = self._consistent_place(data)
        super().__init__(data, *args, **kwargs)
        self.order_fields(["language", "title", "region", "province", "commune"])
        self._narrow_place_choices()
        self.required_to_submit = set(REQUIRED_TO_SUBMIT) | {"region", "province"}
        # A draft needs only a title: the services ask for the rest on submission.
        for name, field in self.fields.items():
            if name not in ("title", "submission_token"):
                field.required = False
        self.fields["sector"].queryset = Sector.objects.order_by("position", "slug")
        self.fields["cooperative"].queryset = Cooperative.objects.owned_by(user).distinct()
        self.fields["call"].queryset = Call.objects.public().filter(
            Call.accepting_ideas()).select_related("region")
        self.fields["call"].help_text = _("Optional: an open call for ideas (ideathon).")
        self.fields["document"].widget.attrs["accept"] = "application/pdf"

    @staticmethod
    def _consistent_place(data):
        """Fill the steps above a chosen place and drop a choice its parent no longer holds."""
        data = data.copy()
        region, province, commune = (data.get(name, "") for name in IdeaForm.PLACE_FIELDS)
        if commune and not province:
            province = Commune.objects.filter(code=commune).values_list(
                "province__code", flat=True).first() or ""
        if province and not region:
            region = Province.objects.filter(code=province).values_list(
                "region__code", flat=True).first() or ""
        if province and not Province.objects.filter(code=province, region__code=region).exists():
            province = commune = ""
        if commune and not Commune.objects.filter(code=commune, province__code=province).exists():
            commune = ""
        data["region"], data["province"], data["commune"] = region, province, commune
        return data

    def _place_value(self, name):
        if self.is_bound:
            return self.data.get(name, "")
        value = self.initial.get(name)
        return getattr(value, "code", value) or ""

    def _narrow_place_choices(self):
        """Offer only the provinces of the chosen region and the communes of the province."""
        if not self.is_bound and self.instance.commune_id:
            commune = self.instance.commune
            self.initial["commune"] = commune.code
            self.initial.setdefault("province", commune.province.code)
            self.initial.setdefault("region", self.instance.region.code)
        region, province = self._place_value("region"), self._place_value("province")
        provinces = Province.objects.filter(region__code=region).order_by("name") if region \
            else Province.objects.none()
        communes = Commune.objects.filter(province__code=province).order_by("name") if province \
            else Commune.objects.none()
        self.fields["province"].widget.choices = [
            ("", _("Choose a province") if region else _("Choose the region first")),
            *((p.code, p.name) for p in provinces)]
        self.fields["commune"].widget.choices = [
            ("", _("Choose a commune") if province else _("Choose the province first")),
            *((c.code, c.name) for c in communes)]

    def service_fields(self):
        """The cleaned fields for the services; a file not sent again keeps the stored one."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        for name in self.DEFAULTED_FIELDS:
            if fields[name] in (None, ""):
                fields.pop(name)  # left blank: the model's default
        for name in ("photo", "document"):
            if not self.files.get(name):
                fields.pop(name)
        return fields


class ScoreForm(forms.Form):
    """One field per criterion of the call, and a comment."""

    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name, min_value=SCORE_MIN, max_value=SCORE_MAX,
                help_text=_("From 0 to 10 (weight %(weight)s)") % {"weight": criterion.weight},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        self.order_fields([f"criterion_{c.pk}" for c in self.criteria] + ["comment"])

    def scores(self):
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class IdeaFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    region = InMemoryModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("code"), to_field_name="code",
        required=False, empty_label=_("All regions"))
    sector = InMemoryModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="slug",
        required=False, empty_label=_("All sectors"))
    call = InMemoryModelChoiceField(label=_("Call"), to_field_name="slug", required=False,
                                    queryset=Call.objects.public(),
                                    empty_label=_("All calls"))
    status = forms.ChoiceField(
        label=_("Status"), required=False, widget=FastSelect,
        choices=[("", _("All statuses"))] + [
            (s.value, s.label) for s in ProjectIdea.PUBLISHED_STATUSES
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each list read once, for the chosen value and the options alike.
        for name in ("region", "sector", "call"):
            self.fields[name].offer(self.fields[name].queryset)

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "region": data["region"].code if data.get("region") else "",
            "sector": data["sector"].slug if data.get("sector") else "",
            "call": data["call"].slug if data.get("call") else "",
            "status": data.get("status") or "",
            "q": data.get("q") or "",
        }


class FundingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=FastSelect,
                             choices=[("", _("All kinds")), *FundingSource.Kind.choices])
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(),
                                    to_field_name="slug", required=False, widget=FastSelect,
                                    empty_label=_("All sectors"))
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"),
                                    to_field_name="code", required=False, widget=FastSelect,
                                    empty_label=_("All regions"))
    women = forms.BooleanField(label=_("For women's projects"), required=False)
    youth = forms.BooleanField(label=_("For young people's projects"), required=False)

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "kind": data.get("kind") or "",
            "sector": data["sector"].slug if data.get("sector") else "",
            "region": data["region"].code if data.get("region") else "",
            "women": data.get("women", False),
            "youth": data.get("youth", False),
            "q": data.get("q") or "",
        }


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=FastSelect,
                             choices=[("", _("All kinds")), *Partner.Kind.choices])
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"),
                                    to_field_name="code", required=False, widget=FastSelect,
                                    empty_label=_("All regions"))

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"kind": data.get("kind") or "",
                "region": data["region"].code if data.get("region") else "",
                "q": data.get("q") or ""}


class ModelFilterForm(forms.Form):
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(),
                                    to_field_name="slug", required=False, widget=FastSelect,
                                    empty_label=_("All sectors"))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the rejection"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("Sent to the author with the decision."))


class CooperativeCreatedForm(forms.Form):
    cooperative = forms.ModelChoiceField(label=_("Cooperative created"),
                                         queryset=Cooperative.objects.none())

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cooperative"].queryset = queryset
