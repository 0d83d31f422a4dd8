"""Who may edit a cooperative on the site."""

from .models import CooperativeMembership


def is_manager(user, cooperative):
    """Is this user a manager of this cooperative (the site's edit permission)?"""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return CooperativeMembership.objects.owned_by(user).filter(
        cooperative=cooperative, role=CooperativeMembership.Role.MANAGER
    ).exists()
