"""Password hashing sized for this platform's servers.

Django's Argon2 default (100 MiB, 2 passes, 8 lanes) costs ~0.2–0.8 s of two cores per login and caps a
2-core server near a handful of logins per second. We use OWASP's recommended Argon2id setting
(19 MiB, 2 passes, 1 lane): still memory-hard, a fraction of the cost. Existing hashes are upgraded
transparently at the next successful login (Django's must_update)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class TinhsoArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
