"""A small flow written inline, so engine tests state their own data."""
from pathlib import Path

import pytest
import yaml

from ivr.engine.loader import build_flow

ROOT = Path(__file__).resolve().parents[2]

HEAD = yaml.safe_load((ROOT / "prompts" / "flow.yaml").read_text(encoding="utf-8"))

NODES = {
    "main_menu": {"type": "menu", "prompt": "Mục chính.", "options": [
        {"key": "1", "say": "Hướng dẫn, bấm 1.", "goto": "lessons"},
        {"key": "2", "say": "Thông báo, bấm 2.", "goto": "notice"},
        {"key": "3", "say": "Tạm biệt, bấm 3.", "goto": "bye"}]},
    "lessons": {"type": "menu", "prompt": "Các bài học.", "options": [
        {"key": "1", "say": "Bài một, bấm 1.", "goto": "lesson"}]},
    "lesson": {"type": "tutorial", "title": "bài thử", "intro": "Mở đầu.",
               "steps": ["Bước một.", "Bước hai.", "Bước ba."], "outro": "Kết thúc."},
    "notice": {"type": "message", "text": "Sắp có.", "goto": "main_menu"},
    "bye": {"type": "hangup", "text": "Chào bác."},
}


def small_flow(nodes=None, head=None):
    """Build a flow from the real flow.yaml head and ``nodes`` (default: NODES)."""
    document = {**HEAD, "volunteer": None, "stuck": None, "visit": None, **(head or {}), "nodes": nodes if nodes is not None else NODES}
    return build_flow([(Path("flow.yaml"), document)], {"volunteer_line": "số 1 2 3"})


@pytest.fixture
def flow():
    return small_flow()
