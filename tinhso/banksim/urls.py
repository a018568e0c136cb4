from django.urls import path

from tinhso.banksim import views

app_name = "banksim"

urlpatterns = [path("", views.pay, name="pay")]
