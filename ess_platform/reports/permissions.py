"""Who may ask for reports, and on what; who may download one."""

from regional_hubs.scoping import can_manage, is_delegate, is_national_admin


def may_request(user, region):
    """National admins: any region or the whole country; delegates: their region only."""
    if region is None:
        return is_national_admin(user)
    return can_manage(user, region)


def may_use_reports(user):
    return is_national_admin(user) or is_delegate(user)


def can_access(user, report):
    """Only the requester, and only while their role and region still cover the report."""
    return (user is not None and user.is_authenticated and report.requester_id == user.pk
            and may_request(user, report.region_id))
