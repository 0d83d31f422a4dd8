from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, Sector
from regional_hubs.models import Commune, Region

from .models import SCORE_MAX, SCORE_MIN, Call, FundingSource, Partner, ProjectIdea


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.province.name}"


class IdeaForm(forms.ModelForm):
    """The idea form: the author writes, the submission token makes a resend harmless."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    commune = CommuneChoiceField(
        label=_("target commune"),
        queryset=Commune.objects.select_related("province").order_by("province__code", "name"),
    )

    class Meta:
        model = ProjectIdea
        fields = [
            "language", "title", "summary", "need_addressed", "sector", "commune",
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.order_by("position", "slug")
        self.fields["cooperative"].queryset = Cooperative.objects.owned_by(user).distinct()
        now = timezone.now()
        self.fields["call"].queryset = Call.objects.public().filter(
            status=Call.Status.OPEN, closes_at__gte=now, opens_on__lte=timezone.localdate()
        ).select_related("region")
        self.fields["call"].help_text = _("Optional: an open call for ideas (ideathon).")
        self.fields["document"].widget.attrs["accept"] = "application/pdf"

    def service_fields(self):
        """The cleaned fields for the services; a file not sent again keeps the stored one."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
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
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"),
                                    to_field_name="code", required=False,
                                    empty_label=_("All regions"))
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(),
                                    to_field_name="slug", required=False,
                                    empty_label=_("All sectors"))
    call = forms.ModelChoiceField(label=_("Call"), to_field_name="slug", required=False,
                                  queryset=Call.objects.public(),
                                  empty_label=_("All calls"))
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All statuses"))] + [
            (s.value, s.label) for s in ProjectIdea.PUBLISHED_STATUSES
        ],
    )

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "region": data["region"].code if data.get("region") else "",
            "sector": data["sector"].slug if data.get("sector") else "",
            "call": data["call"].slug if data.get("call") else "",
            "status": data.get("status") or "",
        }


class FundingFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *FundingSource.Kind.choices])
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(),
                                    to_field_name="slug", required=False,
                                    empty_label=_("All sectors"))
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"),
                                    to_field_name="code", required=False,
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
        }


class PartnerFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *Partner.Kind.choices])
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"),
                                    to_field_name="code", required=False,
                                    empty_label=_("All regions"))

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"kind": data.get("kind") or "",
                "region": data["region"].code if data.get("region") else ""}


class ModelFilterForm(forms.Form):
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(),
                                    to_field_name="slug", required=False,
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
