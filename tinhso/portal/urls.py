from django.urls import path

from tinhso.portal import views, views_vneid

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-nhap/vneid/", views_vneid.vneid_start, name="vneid-login"),
    path("dang-nhap/vneid/callback/", views_vneid.vneid_callback, name="vneid-callback"),
    path("tai-khoan/vneid/<int:pk>/huy-lien-ket/", views_vneid.vneid_unlink, name="vneid-unlink"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("sau-dang-nhap/", views.after_login, name="after-login"),
    path("tai-khoan/", views.account, name="account"),
    path("co-quan/", views.agencies, name="agencies"),
    path("co-quan/<str:code>/", views.agency_detail, name="agency"),
    path("don-vi-hanh-chinh/", views.units, name="units"),
    path("ngon-ngu/", views.set_language, name="set-language"),
]
