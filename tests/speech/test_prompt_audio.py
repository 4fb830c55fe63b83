"""ivr.prompt_audio: the rendered files as Twilio fetches them (types, caching, ranges, safety)."""
from __future__ import annotations

import pytest
from flask import Flask
from pydub.generators import Sine

from ivr.prompt_audio import media
from speech.telephone import to_telephone, write_wav_atomic

NAME = "common.welcome.normal.0123456789ab.wav"


@pytest.fixture
def client(tmp_path):
    write_wav_atomic(to_telephone(Sine(440).to_audio_segment(duration=500, volume=-10)),
                     tmp_path / "rendered" / NAME)
    (tmp_path / "rendered" / "manifest.json").write_text("{}", encoding="utf-8")
    write_wav_atomic(Sine(440).to_audio_segment(duration=100), tmp_path / "secret.wav")
    app = Flask(__name__)
    app.config.update(AUDIO_DIR=str(tmp_path), TESTING=True)
    app.register_blueprint(media)
    return app.test_client()


def test_serves_wav_with_a_long_immutable_cache(client, tmp_path):
    with client.get(f"/audio/{NAME}") as response:
        body = response.data

    assert response.status_code == 200
    assert response.mimetype == "audio/wav"
    assert body == (tmp_path / "rendered" / NAME).read_bytes()
    cache = response.cache_control
    assert (cache.public, cache.max_age, cache.immutable) == (True, 31536000, True)
    assert response.headers["Accept-Ranges"] == "bytes"


def test_etag_answers_304(client):
    with client.get(f"/audio/{NAME}") as first:
        etag = first.headers["ETag"]
    with client.get(f"/audio/{NAME}", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304
        assert again.data == b""


def test_range_request_gets_206(client, tmp_path):
    size = (tmp_path / "rendered" / NAME).stat().st_size
    with client.get(f"/audio/{NAME}", headers={"Range": "bytes=0-99"}) as response:
        assert response.status_code == 206
        assert response.headers["Content-Range"] == f"bytes 0-99/{size}"
        assert response.data == (tmp_path / "rendered" / NAME).read_bytes()[:100]


@pytest.mark.parametrize("path", ["/audio/..%2Fsecret.wav", "/audio/../secret.wav",
                                  "/audio/%2E%2E/secret.wav", "/audio/rendered/..%2F..%2Fsecret.wav"])
def test_paths_out_of_the_folder_are_refused(client, path):
    with client.get(path) as response:
        assert response.status_code == 404


@pytest.mark.parametrize("name", ["manifest.json", "missing.normal.0123456789ab.wav", NAME[:-4]])
def test_other_names_are_404(client, name):
    with client.get(f"/audio/{name}") as response:
        assert response.status_code == 404
