"""The partner API's tests use the dashboard's fixtures: the app on SQLite and PostgreSQL, users,
reports, and a logged-in admin to make keys."""
from tests.review.conftest import admin, app, reviewer, users, volunteer  # noqa: F401
