"""Posting an admin change page back: what its form would send unchanged."""

from django.utils import timezone


def admin_change_data(client, url):
    """The change page's fields as the browser would post them untouched (local date and
    time for a datetime, primary keys for relations), with every inline left empty."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        if hasattr(value, "all"):
            value = [str(v.pk) for v in value.all()]
        elif hasattr(value, "hour"):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = (local.strftime("%Y-%m-%d"),
                                                    local.strftime("%H:%M:%S"))
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data
