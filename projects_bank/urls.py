app_name = "projects_bank"

urlpatterns = []
