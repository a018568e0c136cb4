from django.urls import path

from tinhso.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("sau-dang-nhap/", views.after_login, name="after-login"),
    path("tai-khoan/", views.account, name="account"),
    path("tai-khoan/nhat-ky/", views.my_audit, name="my-audit"),
    path("co-quan/", views.agencies, name="agencies"),
    path("co-quan/<str:code>/", views.agency_detail, name="agency"),
    path("don-vi-hanh-chinh/", views.units, name="units"),
    path("ngon-ngu/", views.set_language, name="set-language"),
]
