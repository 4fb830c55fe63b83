"""The dashboard page "Số tổng đài chính thức" (issue 11, item 2) on both databases: everyone sees
the list with sources and verification; only admins change it; every change is audited; bad
numbers and non-https sources are refused in Vietnamese."""
import sqlalchemy as sa

from ivr.models import AuditEntry, OfficialNumber, db

EVN_KEY = "+841900545454"


def seed(app):
    assert app.test_cli_runner().invoke(args=["official", "seed"]).exit_code == 0


def row(app, number):
    with app.app_context():
        found = db.session.execute(sa.select(OfficialNumber).filter_by(number=number)).scalar_one_or_none()
        db.session.expunge_all()
        return found


def audit_actions(app):
    with app.app_context():
        return [(e.action, e.target, e.actor) for e in
                db.session.execute(sa.select(AuditEntry).where(AuditEntry.action.like("official_%"))
                                   .order_by(AuditEntry.id)).scalars()]


NEW = {"number": "024 3825 3456", "organisation": "Ngân hàng Thử nghiệm", "kind": "bank",
       "source_url": "https://www.example.vn/lien-he", "note": ""}


def test_volunteers_see_sources_and_verification_but_cannot_change_anything(app, volunteer):
    seed(app)
    page = volunteer.client.get("/review/official")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Tổng công ty Điện lực Thành phố Hồ Chí Minh" in html and "1900 545 454" in html
    assert 'href="https://thuonghieucongluan.com.vn/' in html and "Đã xác minh" in html
    assert "Chưa xác minh" in html and "danh sách ban đầu" in html
    assert "/official/new" not in html and "Xác minh</button>" not in html
    evn = row(app, EVN_KEY)
    assert volunteer.client.get("/review/official/new").status_code == 403
    assert volunteer.post("/review/official/new", NEW).status_code == 403
    assert volunteer.post(f"/review/official/{evn.id}/unverify").status_code == 403
    assert volunteer.post(f"/review/official/{evn.id}/deactivate").status_code == 403
    assert volunteer.post(f"/review/official/{evn.id}/edit", {**NEW, "number": "1900545454"}).status_code == 403
    assert row(app, EVN_KEY).verified and row(app, EVN_KEY).active and audit_actions(app) == []
    assert "Số tổng đài chính thức</a>" in html  # in the nav


def test_an_admin_adds_verifies_and_deactivates_with_every_step_audited(app, admin, users):
    page = admin.post("/review/official/new", NEW, follow_redirects=True)
    assert "Đã thêm số" in page.get_data(as_text=True)
    added = row(app, "+842438253456")
    assert (added.display, added.kind, added.verified, added.edited_by_admin) == ("024 3825 3456", "bank",
                                                                                False, True)
    admin.post(f"/review/official/{added.id}/verify")
    verified = row(app, "+842438253456")
    assert verified.verified and verified.verified_by_id == users["admin"] and verified.verified_at
    html = admin.client.get("/review/official").get_data(as_text=True)
    assert "Đã xác minh</strong>\n        bởi admin" in html
    admin.post(f"/review/official/{added.id}/unverify")
    assert not row(app, "+842438253456").verified and row(app, "+842438253456").verified_by_id is None
    admin.post(f"/review/official/{added.id}/deactivate")
    assert not row(app, "+842438253456").active
    admin.post(f"/review/official/{added.id}/activate")
    assert row(app, "+842438253456").active
    target = f"official:{added.id}"
    assert audit_actions(app) == [(action, target, "admin") for action in (
        "official_create", "official_verify", "official_unverify", "official_deactivate",
        "official_activate")]


def test_editing_the_number_or_source_withdraws_the_verification(app, admin):
    seed(app)
    evn = row(app, EVN_KEY)
    form = {"number": "1900 545454", "organisation": "EVNHCMC", "kind": "power",
            "source_url": evn.source_url, "note": "Tên ngắn."}
    admin.post(f"/review/official/{evn.id}/edit", form)
    renamed = row(app, EVN_KEY)
    assert renamed.organisation == "EVNHCMC" and renamed.verified and renamed.edited_by_admin
    admin.post(f"/review/official/{evn.id}/edit", {**form, "source_url": "https://www.evnhcmc.vn/"})
    moved = row(app, EVN_KEY)
    assert moved.source_url == "https://www.evnhcmc.vn/" and not moved.verified
    entries = audit_actions(app)
    assert [a for a, _, _ in entries] == ["official_edit", "official_edit"]
    with app.app_context():
        details = [e.detail for e in db.session.execute(
            sa.select(AuditEntry).where(AuditEntry.action == "official_edit").order_by(AuditEntry.id)).scalars()]
    assert details == [{"changed": ["note", "organisation"], "unverified": False},
                       {"changed": ["source_url"], "unverified": True}]
    seed(app)  # the seed never undoes an admin's edit
    assert row(app, EVN_KEY).organisation == "EVNHCMC"


def test_bad_input_is_refused_in_vietnamese_and_nothing_is_saved(app, admin):
    seed(app)
    cases = [({"number": "12"}, "cần từ 3 đến 15 chữ số"),
             ({"source_url": "http://example.vn/"}, "bắt đầu bằng https://"),
             ({"source_url": "javascript:alert(1)"}, "bắt đầu bằng https://"),
             ({"organisation": "  "}, "Vui lòng nhập tên cơ quan"),
             ({"kind": "casino"}, "Lựa chọn không hợp lệ"),
             ({"number": "1900-545-454"}, "Số này đã có trong danh sách")]
    for change, message in cases:
        page = admin.post("/review/official/new", {**NEW, **change})
        assert page.status_code == 200 and message in page.get_data(as_text=True), change
    assert row(app, "+842438253456") is None and audit_actions(app) == []
    evn = row(app, EVN_KEY)
    taken = admin.post(f"/review/official/{evn.id}/edit", {**NEW, "number": "113"})
    assert "Số này đã có trong danh sách" in taken.get_data(as_text=True)
    assert row(app, EVN_KEY).organisation == "Tổng công ty Điện lực Thành phố Hồ Chí Minh"


def test_unknown_entries_and_changes_are_404(app, admin):
    assert admin.post("/review/official/999/verify").status_code == 404
    assert admin.client.get("/review/official/999/edit").status_code == 404
    seed(app)
    evn = row(app, EVN_KEY)
    assert admin.post(f"/review/official/{evn.id}/delete").status_code == 404
    assert admin.post(f"/review/official/{2**40}/verify").status_code == 404


def test_anonymous_visitors_are_sent_to_login(client):
    page = client.get("/review/official")
    assert page.status_code == 302 and "/review/login" in page.headers["Location"]
