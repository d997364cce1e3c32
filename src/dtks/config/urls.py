from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("dtks.dashboard.urls")),
    path("registri/", include("dtks.registry.urls")),
    path("usulan/", include("dtks.intake.urls")),
    path("impor/", include("dtks.intake.urls_imports")),
    path("identitas/tinjau/", include("dtks.identity.urls_review")),
    path("identitas/pemadanan/", include("dtks.identity.urls_pemadanan")),
    path("identitas/", include("dtks.identity.urls_linkage")),
    path("penilaian/", include("dtks.assessment.urls")),
    path("program/", include("dtks.programs.urls")),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
