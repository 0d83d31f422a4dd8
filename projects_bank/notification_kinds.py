from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.notifications.kinds import register

register("projects_bank_idea_status", _("Idea status changed"))
register("projects_bank_idea_submitted", _("New idea to review"))
register("projects_bank_jury_assignment", _("Appointed to a jury"))
register("projects_bank_ranking_published", _("Ranking published"))
