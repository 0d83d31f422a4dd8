app_name = "cooperatives"

urlpatterns = []
