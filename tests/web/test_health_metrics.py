"""/health says whether a node can serve; /metrics answers this machine or a token holder only."""

from __future__ import annotations

import re

from tests.web.conftest import login, make_app


def test_health_reports_database_storage_and_libreoffice(db, users, tmp_path):
    client = make_app(db, tmp_path).test_client()
    response = client.get("/health")  # public: load balancers do not sign in
    assert response.status_code == 200
    report = response.get_json()
    assert report["status"] in {"ok", "degraded"}
    assert report["checks"]["database"] == {**report["checks"]["database"], "ok": True, "detail": db.dialect}
    assert report["checks"]["storage"]["ok"] is True
    assert "libreoffice" in report["checks"]
    assert str(tmp_path) not in response.get_data(as_text=True)  # no paths for the public


def test_health_fails_when_the_instance_folder_is_gone(db, users, tmp_path):
    import shutil

    app = make_app(db, tmp_path)
    shutil.rmtree(app.instance_path)
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json()["status"] == "fail" and response.get_json()["checks"]["storage"]["ok"] is False


def test_metrics_count_requests_by_endpoint_for_loopback_or_token(db, users, tmp_path):
    from dossier import config

    app = make_app(db, tmp_path)
    app.extensions["dossier_settings"] = config.settings().replace(metrics_token="t0ken-for-prometheus")
    client = app.test_client()
    login(client, "chuyenvien")
    for _ in range(3):
        assert client.get("/ho-so/").status_code == 200
    text = client.get("/metrics").get_data(as_text=True)  # the test client comes from 127.0.0.1
    found = re.search(r'hskc_http_requests_total\{endpoint="dossiers\.index",method="GET",status="200"\} (\d+)', text)
    assert found and int(float(found.group(1))) >= 3
    assert "hskc_http_request_duration_seconds_bucket" in text and "hskc_pdf_conversions_total" in text

    elsewhere = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", environ_base=elsewhere).status_code == 404
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404  # via a proxy
    assert client.get("/metrics", environ_base=elsewhere,
                      headers={"Authorization": "Bearer wrong"}).status_code == 404
    assert client.get("/metrics", environ_base=elsewhere,
                      headers={"Authorization": "Bearer t0ken-for-prometheus"}).status_code == 200
