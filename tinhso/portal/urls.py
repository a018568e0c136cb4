from django.urls import path

from tinhso.portal import views, views_notifications

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("sau-dang-nhap/", views.after_login, name="after-login"),
    path("tai-khoan/", views.account, name="account"),
    path(
        "tai-khoan/thong-bao/",
        views_notifications.notification_settings,
        name="notification-settings",
    ),
    path("thong-bao/", views_notifications.inbox, name="inbox"),
    path("thong-bao/doc-tat-ca/", views_notifications.inbox_read_all, name="inbox-read-all"),
    path("thong-bao/<int:notification_id>/", views_notifications.notification_detail, name="notification"),
    path("co-quan/", views.agencies, name="agencies"),
    path("co-quan/<str:code>/", views.agency_detail, name="agency"),
    path("don-vi-hanh-chinh/", views.units, name="units"),
    path("ngon-ngu/", views.set_language, name="set-language"),
]
