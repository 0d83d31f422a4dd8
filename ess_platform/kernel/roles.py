"""The national administrator role, asked the same way by every floor.

It reads only the user (``User.is_national_admin``), so the shared kernel can ask it for
its own admin pages (deliveries) without importing the territory's region scoping, which
builds on it (``regional_hubs.scoping`` and ``regional_hubs.admin_scoping`` re-export
these names).
"""


def is_national_admin(user):
    """An active national administrator (the role itself is ``User.is_national_admin``)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_national_admin
    )


class NationalAdminOnly:
    """Data of every region that no region owns (accounts, API keys, messages): national
    administrators only. Set ``national_admin_can`` to what they may do besides look."""

    national_admin_can = frozenset({"add", "change", "delete"})

    def has_module_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and is_national_admin(user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return "add" in self.national_admin_can and self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return "change" in self.national_admin_can and self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return "delete" in self.national_admin_can and self.has_module_permission(request)
