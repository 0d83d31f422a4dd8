"""The admin's one way to run a service on each selected item."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import translation

from ess_platform.kernel.admin_actions import apply_to_each


class FakeAdmin:
    def __init__(self):
        self.said = []

    def message_user(self, request, text, level=messages.INFO):
        self.said.append((level, str(text)))


def _service(item):
    if item == "refused":
        raise ValidationError("Not in this state.")
    if item == "forbidden":
        raise PermissionDenied
    return item != "unchanged" and item


def test_each_item_is_done_or_refused_with_its_reason():
    admin = FakeAdmin()
    with translation.override("en"):
        done = apply_to_each(admin, RequestFactory().post("/"),
                             ["one", "refused", "forbidden", "unchanged", "two"], _service)
    assert done == 2
    assert admin.said == [
        (messages.ERROR, "“refused”: Not in this state."),
        (messages.ERROR, "“forbidden”: You may not manage this item."),
        (messages.SUCCESS, "2 item(s) updated."),
    ]


def test_the_success_text_is_the_callers_and_nothing_done_says_no_success():
    admin = FakeAdmin()
    apply_to_each(admin, RequestFactory().post("/"), ["one"], _service,
                  done_message=lambda count: "%(count)d key approved.")
    assert admin.said == [(messages.SUCCESS, "1 key approved.")]
    admin = FakeAdmin()
    assert apply_to_each(admin, RequestFactory().post("/"), ["refused"], _service) == 0
    assert [level for level, _text in admin.said] == [messages.ERROR]
