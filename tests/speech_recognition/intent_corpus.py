"""Answers to the hotline's questions as callers of the North (N), Centre (C) and South (S) say
them: the development table of speech.intents (issue 9 item 6), shared by the table tests
(``test_intent_corpus.py``) and ``benchmarks/intents.py``.

Written from how people answer, not from the parser, from these public sources —
- North/South word pairs (vâng/dạ, ừ/ờ, nghen, hông/hổng, lộn = nhầm, coi = xem, tui = tôi):
  https://www.webtretho.vn/f/doc-bao-gium-ban/khac-biet-thu-vi-trong-ngon-ngu-2-mien-bac-nam-1899331 ;
  https://quantrimang.com/cuoc-song/su-khac-nhau-trong-ngon-ngu-bac-nam-177473
- Central and Nghệ Tĩnh words (mô = đâu, răng = sao, chi = gì, rứa = thế, ni = này, nỏ = không,
  o/hỉ particles): https://nghengu.vn/tu-dien-tieng-nghe/cac-tu-tieng-nghe-an-1073.html ;
  https://balocco.net/chi-mo-rang-rua-nghia-la-gi
- Rhetorical negation ("có … đâu", "đâu có", "làm gì có", "chẳng", "chả"):
  https://en.wiktionary.org/wiki/%C4%91%C3%A2u ; https://en.wiktionary.org/wiki/ch%E1%BA%A3
- Number words (mốt, tư, lăm, linh/lẻ, phone numbers read in groups):
  https://vietnamese.nil.seattle.wa.us/numbers ; https://en.wikipedia.org/wiki/Vietnamese_numerals
- Recogniser slips: Vosk returns ``[unk]`` for a word outside the grammar
  (https://github.com/alphacep/vosk-api/issues/1339); typed or Twilio text may lack diacritics;
  syllables are split or merged at pauses.

Each row: ``REGION CONTEXT | transcript | expected [| tags]``. Contexts: ``yn`` (yes/no),
``dg`` (digits) and the menus in :data:`MENUS`. Expected: ``yes``, ``no``, ``?`` (not understood:
ask again or confirm — right for hedges, "không biết", ``[unk]``), ``opt:K``, ``dg:DIGITS``,
``repeat``/``back``/``main_menu``/``volunteer``, ``notyet`` / ``notyet:K`` (at a tutorial step:
"not yet", K the option negated), ``neg:K`` (option K negated: never K). Tags: ``slip`` (a
recogniser slip), ``flow`` (needs the words in :data:`PROPOSED` in the flow data, issue 9 item 3).
"""
from __future__ import annotations

from dataclasses import dataclass

# The menus' spoken words as in prompts/ at commit aebedc1 (main_menu in prompts/flow.yaml,
# prompts/nodes/*.yaml, and flow.yaml `speech:` for the tutorial step and recording review).
MENUS: dict[str, dict[str, list[str]]] = {
    "main": {"1": ["hướng dẫn", "định danh", "dịch vụ công", "tiêm chủng", "tiền điện"],
             "2": ["phòng tránh lừa đảo", "phòng tránh", "tránh lừa đảo", "nhận biết lừa đảo",
                   "cảnh giác"],
             "3": ["báo lừa đảo", "báo cuộc gọi", "báo cáo", "rút lại báo cáo", "bị lừa"],
             "4": ["kiểm tra", "tra số", "số lạ", "số điện thoại lạ"],
             "5": ["người giúp", "cần người giúp"]},
    "tut": {"1": ["cài ứng dụng", "tải ứng dụng", "kho ứng dụng", "cài đặt"],
            "2": ["tạo tài khoản", "định danh", "định danh điện tử", "kích hoạt"],
            "3": ["sổ sức khỏe", "tiêm chủng", "lịch tiêm", "tiêm phòng"],
            "4": ["tiền điện", "tiền nước", "trả tiền", "hóa đơn", "điện nước"],
            "5": ["dịch vụ công", "cổng dịch vụ công", "thủ tục", "làm thủ tục"],
            "6": ["điện thoại mới", "đổi điện thoại", "máy mới", "đổi máy", "mất điện thoại"]},
    "scam": {"1": ["công an", "giả công an", "giả danh công an", "viện kiểm sát"],
             "2": ["điện lực", "ngân hàng", "nhà mạng", "cắt điện"],
             "3": ["mã xác thực", "mật khẩu", "giữ kín"],
             "4": ["đường link", "đường dẫn", "ứng dụng lạ", "quét mã"],
             "5": ["bị lừa", "đã bị lừa", "mất tiền", "lỡ chuyển tiền"],
             "6": ["người thân", "cấp cứu", "con cháu", "mượn tiền"],
             "7": ["giao hàng", "người giao hàng", "đơn hàng", "gói hàng"],
             "8": ["cảnh báo", "cảnh báo mới", "tin mới", "mới nhất"]},
    "rkind": {"1": ["báo lừa đảo", "báo cuộc gọi", "trình báo", "tố cáo"],
              "2": ["rút lại", "rút báo cáo", "rút lại báo cáo", "thu hồi"]},
    "who": {"1": ["công an", "cán bộ", "nhà nước", "cán bộ nhà nước", "viện kiểm sát"],
            "2": ["ngân hàng", "nhân viên ngân hàng", "nhà băng"],
            "3": ["điện lực", "tiền điện", "tiền nước", "công ty nước", "nước"],
            "4": ["nhà mạng", "mạng điện thoại", "sim điện thoại", "sim"],
            "5": ["giao hàng", "người giao hàng", "đơn hàng", "gói hàng"],
            "6": ["người thân", "người quen", "con cháu", "bạn bè"],
            "7": ["việc làm", "đầu tư", "kiếm tiền", "việc nhẹ lương cao"],
            "8": ["người khác", "ai khác", "người lạ", "khác"]},
    "money": {"1": ["rồi", "chuyển rồi", "đã chuyển", "đã chuyển tiền", "đọc rồi", "mất tiền rồi"],
              "2": ["chưa", "chưa chuyển", "chưa chuyển tiền", "chưa đọc", "chưa mất tiền"],
              "3": ["đã báo ngân hàng", "muốn kể lại", "kể lại cuộc gọi"]},
    "step": {"1": ["xong", "xong rồi", "làm xong", "làm xong rồi", "tiếp", "tiếp theo", "tiếp đi"],
             "2": ["chậm", "nói chậm", "chậm lại", "nói chậm lại", "chậm thôi"],
             "3": ["không hiểu", "khó quá", "bị vướng", "vướng", "giúp", "giúp tôi",
                   "không làm được"]},
    "restart": {"1": ["từ đầu", "nghe từ đầu", "nghe lại từ đầu", "học lại"]},
    "review": {"1": ["giữ", "giữ lại", "gửi", "gửi đi", "được rồi"],
               "2": ["nghe thử", "nghe bản ghi", "nghe lời kể"],
               "3": ["kể lại", "ghi lại", "nói lại từ đầu"]},
}

# Words the flow data should add (issue 9 item 3, other helpers' files): rows tagged ``flow``
# are scored with these added. Each is a plain answer callers give to that question.
PROPOSED: dict[str, dict[str, list[str]]] = {
    "main": {"2": ["cảnh báo", "cảnh báo lừa đảo", "tránh bị lừa", "khỏi bị lừa", "không bị lừa"]},
    "scam": {"3": ["mã otp", "otp"], "4": ["link", "link lạ"]},
    "who": {"3": ["bên điện", "điện"], "6": ["cháu", "con tôi", "cháu tôi"]},
    "money": {"1": ["có", "có chuyển", "chuyển rồi", "có cài"], "3": ["báo ngân hàng", "báo cho ngân hàng"],
              "2": ["không", "không có", "hổng có", "hông có", "nỏ", "nỏ có", "chưa có"]},
    "step": {"1": ["rồi", "được rồi", "làm rồi", "tiếp tục", "xong rồi"],
             "3": ["không làm được", "hông làm được", "hông có làm được", "nỏ làm được",
                   "không ra", "không thấy gì", "không hiện"]},
}


def keywords(context: str, proposed: bool = False) -> dict[str, list[str]] | None:
    """The keywords of a menu context (``None`` for ``yn``/``dg``), with :data:`PROPOSED`."""
    if context not in MENUS:
        return None
    words = {key: list(phrases) for key, phrases in MENUS[context].items()}
    if proposed:
        for key, extra in PROPOSED.get(context, {}).items():
            words.setdefault(key, []).extend(extra)
    return words


MODE = {"yn": "yes_no", "dg": "digits"}


@dataclass(frozen=True)
class Row:
    """One answer: ``region`` N/C/S, ``context`` (``yn``, ``dg`` or a menu), ``mode``."""

    region: str
    context: str
    text: str
    expected: str
    tags: frozenset[str]

    @property
    def mode(self) -> str:
        return MODE.get(self.context, "menu")

    @property
    def id(self) -> str:
        return f"{self.region}-{self.context}:{self.text}"


def rows(table: str) -> list[Row]:
    """Parse a table text (``#`` comments, blank lines skipped); raises ``ValueError`` on a bad
    row."""
    out = []
    for line in table.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) not in (3, 4):
            raise ValueError(f"bad row: {line}")
        region, context = parts[0].split()
        if region not in ("N", "C", "S") or (context not in MENUS and context not in MODE):
            raise ValueError(f"bad row: {line}")
        tags = frozenset(parts[3].split()) if len(parts) == 4 else frozenset()
        out.append(Row(region, context, parts[1], parts[2], tags))
    return out


# (context, label, intent) where the intent presses the key the label means. After a recording
# the repeat key ``*`` is "Nghe lại lời kể" (prompts/nodes/report.yaml, ``review``; the engine
# plays the recording for it, ivr/engine/interpreter.py), so "nghe lại" read as ``repeat`` does
# what the caller asked, as the older listen key 2 does.
SAME_KEY = {("review", "opt:2", "repeat")}


def outcome(row: Row, intent) -> str:
    """``right``, ``missed`` (not understood, or understood as something safe but not meant) or
    ``reversed`` (acts against the caller: a yes, an option, digits or a control that the caller
    did not mean). ``intent`` is a ``speech.intents.Intent`` (older versions too)."""
    expected = row.expected
    got_name, got_value = intent.name, intent.value
    if got_name == "unknown":
        if expected == "?":
            return "right"
        if expected.startswith(("notyet", "neg")):
            want_key = expected.split(":")[1] if ":" in expected else None
            want_why = "not_yet" if expected.startswith("notyet") else "negated"
            # a bare "notyet" (the sixth table's label) is any "not yet", whatever it negates
            same = got_value == want_why and (getattr(intent, "negated", None) == want_key
                                              or expected == "notyet")
            return "right" if same else "missed"
        return "missed"
    if (row.context, expected, got_name) in SAME_KEY:
        return "right"
    if expected in ("yes", "no", "repeat", "back", "main_menu", "volunteer"):
        return "right" if got_name == expected else "reversed"
    kind, _, value = expected.partition(":")
    if kind == "opt" and got_name == "option" and got_value == value:
        return "right"
    if kind == "dg" and got_name == "digits" and got_value == value:
        return "right"
    return "reversed"


DEV = """
# == yes/no ========================================================================================
# -- plain yes, North ---------------------------------------------------------------------------
N yn | có | yes
N yn | có ạ | yes
N yn | vâng | yes
N yn | vâng ạ | yes
N yn | dạ vâng | yes
N yn | dạ vâng ạ | yes
N yn | vâng, đúng rồi | yes
N yn | đúng rồi | yes
N yn | đúng rồi ạ | yes
N yn | đúng thế | yes
N yn | phải rồi | yes
N yn | được | yes
N yn | được thôi | yes
N yn | thôi được | yes
N yn | thôi được rồi | yes
N yn | chắc chắn rồi | yes
N yn | chắc chắn | yes
N yn | tất nhiên rồi | yes
N yn | đồng ý | yes
N yn | ok | yes
N yn | ô kê | yes
N yn | ừ | yes
N yn | ừ, có | yes
N yn | có chứ | yes
N yn | có, tôi muốn | yes
N yn | muốn | yes
N yn | rồi | yes
N yn | rồi ạ | yes
N yn | chính xác | yes
# -- plain yes, Centre ---------------------------------------------------------------------------
C yn | có o | yes
C yn | dạ có | yes
C yn | phải | yes
C yn | phải rồi o | yes
C yn | ừ hỉ | yes
C yn | ầy | yes
C yn | ờ, được | yes
C yn | có chớ | yes
C yn | đúng rồi đó | yes
C yn | dạ đúng | yes
# -- plain yes, South ----------------------------------------------------------------------------
S yn | dạ có | yes
S yn | dạ phải | yes
S yn | dạ được | yes
S yn | ờ | yes
S yn | ừa | yes
S yn | ừ nghen | yes
S yn | ờ ha | yes
S yn | có nha | yes
S yn | được á | yes
S yn | đúng á | yes
S yn | phải á | yes
S yn | dạ rồi | yes
S yn | có luôn | yes
S yn | ok luôn | yes
# -- plain no, all regions ------------------------------------------------------------------------
N yn | không | no
N yn | không ạ | no
N yn | dạ không | no
N yn | không phải | no
N yn | không có | no
N yn | không đâu | no
N yn | không đúng | no
N yn | sai rồi | no
N yn | chưa | no
N yn | chưa ạ | no
N yn | thôi | no
N yn | thôi khỏi | no
N yn | không cần | no
N yn | không muốn | no
N yn | không được | no
N yn | chẳng | no
N yn | chả | no
C yn | nỏ | no
C yn | nỏ mô | no
C yn | không phải mô | no
C yn | khỏi | no
S yn | hông | no
S yn | hổng | no
S yn | hổng có | no
S yn | dạ hông | no
S yn | hông phải | no
S yn | hổng cần đâu | no
# -- rhetorical negatives: every one a no ---------------------------------------------------------
N yn | đâu có | no
N yn | có đâu | no
N yn | đâu phải | no
N yn | có phải đâu | no
N yn | chẳng phải | no
N yn | chả có | no
N yn | chẳng có | no
N yn | làm gì có | no
N yn | có gì đâu | no
N yn | tôi có biết gì đâu | no
N yn | đâu | no
N yn | đâu, không phải | no
N yn | có đúng đâu | no
N yn | đâu có đúng | no
N yn | chẳng đúng | no
C yn | có mô | no
C yn | mô có | no
C yn | nỏ có | no
C yn | nỏ phải | no
C yn | mô | no
C yn | làm chi có | no
C yn | có phải mô | no
C yn | đâu có mô | no
S yn | hổng có đâu | no
S yn | đâu có nè | no
S yn | làm gì có đâu | no
S yn | có đâu mà | no
S yn | hông có đúng | no
S yn | khỏi đi | no
# -- hedges and "don't know": never a yes --------------------------------------------------------
N yn | có lẽ | ?
N yn | có lẽ vậy | ?
N yn | có khi | ?
N yn | có thể | ?
N yn | chắc vậy | ?
N yn | chắc thế | ?
N yn | chắc là có | ?
N yn | hình như có | ?
N yn | để tôi xem | ?
N yn | để tôi xem đã | ?
N yn | không biết | ?
N yn | tôi không biết | ?
N yn | không chắc | ?
N yn | chưa chắc | ?
C yn | biết đâu | ?
C yn | nỏ biết | ?
S yn | hông biết | ?
S yn | để tui coi | ?
S yn | chắc vậy á | ?
S yn | hổng chắc | ?
# -- self-corrections: the last answer wins --------------------------------------------------------
N yn | không… à có | yes
N yn | không à có | yes
N yn | có à không | no
N yn | có, à nhầm, không | no
N yn | không, ý tôi là có | yes
N yn | vâng, à mà thôi | no
N yn | đúng… à không, sai rồi | no
C yn | có, à nhầm, nỏ phải | no
S yn | hông, à lộn, có | yes
S yn | có, lộn rồi, hông | no
N yn | có, nhầm | ?
# -- two answers without a correction: not understood ---------------------------------------------
N yn | có không | ?
N yn | không, có | ?
N yn | có phải không | ?
N yn | được không | ?
# -- controls at a yes/no question -----------------------------------------------------------------
N yn | nhắc lại | repeat
N yn | gì cơ | repeat
N yn | nói lại đi | repeat
N yn | không nghe rõ | repeat
N yn | quay lại | back
C yn | răng | repeat
C yn | chi rứa | repeat
S yn | hả | repeat
S yn | sao | repeat
N yn | dạ | ?
N yn | ừm | ?
# -- recogniser slips -----------------------------------------------------------------------------
N yn | khong | no | slip
N yn | co | yes | slip
N yn | dung roi | yes | slip
N yn | khong phai | no | slip
N yn | dau co | no | slip
N yn | dạ vâng [unk] | ? | slip
N yn | [unk] có | ? | slip
N yn | [unk] | ? | slip
S yn | hong co | no | slip
C yn | co mo | no | slip
N yn | có có | yes | slip
N yn | không không | no | slip
N yn | KHÔNG PHẢI! | no | slip
N yn | Dạ, vâng. | yes | slip
# == digits ========================================================================================
N dg | không chín một hai ba bốn năm sáu bảy tám | dg:0912345678
N dg | không chín một hai, ba bốn năm, sáu bảy tám | dg:0912345678
N dg | số là không chín một hai ba bốn năm sáu bảy tám | dg:0912345678
N dg | không chín, mười hai, ba tư, năm sáu, bảy tám | dg:0912345678
N dg | không chín tám hai, ba bốn lăm, sáu bảy tám | dg:0982345678
N dg | không hai bốn, ba tám năm sáu, bảy tám chín không | dg:02438567890
N dg | một một ba | dg:113
N dg | một tám không không, một hai ba bốn | dg:18001234
N dg | không | dg:0
N dg | không chín | dg:09
N dg | không chín… à không, không chín tám hai ba bốn năm sáu bảy tám | dg:0982345678
N dg | không chín một hai à không không chín tám hai ba bốn năm sáu bảy tám | dg:0982345678
N dg | không chín một hai, nhầm, không chín tám hai | dg:0982
N dg | không chín một hai, à không, ý tôi là không chín tám hai | dg:0982
N dg | không chín một hai à nhầm | ? 
N dg | ba à không chín | dg:309
N dg | không biết | ?
N dg | không nhớ | ?
N dg | tôi không nhớ số | ?
N dg | không có số | ?
N dg | không có | ?
N dg | chịu, tôi không biết | ?
N dg | nó gọi số ẩn | ?
N dg | nhắc lại | repeat
N dg | quay lại | back
N dg | về mục chính | main_menu
N dg | một trăm linh năm | dg:105
N dg | hai mươi mốt | dg:21
C dg | không chín năm, bốn tư, ba hai, một một | dg:095443211
C dg | không ba hai tư, năm sáu bảy, tám chín | dg:032456789
C dg | dạ số là không chín không, một hai ba, bốn năm sáu | dg:090123456
C dg | nỏ nhớ | ?
C dg | nỏ biết số | ?
C dg | không chín một, à nhầm, không chín hai | dg:092
C dg | răng | repeat
S dg | không chín ba, một hai ba, bốn lăm sáu | dg:093123456
S dg | không bảy, tám tám, chín chín, một một | dg:07889911
S dg | hông nhớ số | ?
S dg | hổng biết | ?
S dg | không chín tám, lộn, không chín bảy | dg:097
S dg | không chín một hai, lộn rồi, không chín một ba | dg:0913
S dg | một trăm lẻ năm | dg:105
S dg | hai mốt | dg:21
N dg | khong chin mot hai | dg:0912 | slip
N dg | 0912 345 678 | dg:0912345678 | slip
N dg | 0912… à không, 0982345678 | dg:0982345678 | slip
N dg | không chín [unk] một | ? | slip
S dg | ờ không chín ờ một hai | dg:0912 | slip
N dg | dê rô chín một | dg:091 | slip
N dg | không tám mười, ba bốn, năm sáu | dg:08103456
S dg | không ba mười, mười một, hai hai | dg:03101122
C dg | không chín, mười, bảy bảy | dg:091077
C dg | số nó là không chín một, hai ba | dg:09123
N dg | không tám một hai, à lộn rồi, không tám ba | dg:083
N dg | khôngtám một hai, ba bốn | dg:081234 | slip
S dg | không chín hai ba bớn năm | ? | slip
C dg | không chín hai, ba bốn xì năm | ? | slip
N dg | có | ? | slip
# == main menu =====================================================================================
N main | hướng dẫn | opt:1
N main | tôi muốn nghe hướng dẫn | opt:1
N main | nghe hướng dẫn định danh | opt:1
N main | dịch vụ công | opt:1
N main | phòng tránh lừa đảo | opt:2
N main | cách phòng tránh | opt:2
N main | báo lừa đảo | opt:3
N main | báo cáo lừa đảo | opt:3
N main | tôi bị lừa | opt:3
N main | kiểm tra số | opt:4
N main | tra số lạ | opt:4
N main | phím một | opt:1
N main | số hai | opt:2
N main | bấm phím ba | opt:3
N main | cái thứ hai | opt:2
N main | cái thứ tư | opt:4
N main | thứ nhất | opt:1
N main | cần người giúp | opt:5
N main | báo lừa đảo… à nhầm, kiểm tra số | opt:4
N main | không phải báo cáo, kiểm tra số | opt:4
N main | không báo cáo, kiểm tra số thôi | opt:4
N main | không muốn báo cáo | neg:3
N main | nhắc lại | repeat
N main | gặp tình nguyện viên | volunteer
C main | cho tui nghe hướng dẫn với | opt:1
C main | nghe hướng dẫn đi o | opt:1
C main | tui muốn kiểm tra số ni | opt:4
C main | răng rứa | repeat
C main | chi | repeat
S main | cho tui kiểm tra cái số lạ | opt:4
S main | tui bị lừa rồi | opt:3
S main | dạ, báo lừa đảo | opt:3
S main | phím năm | opt:5
S main | cảnh giác lừa đảo | opt:2
N main | huong dan | opt:1 | slip
N main | kiem tra so | opt:4 | slip
N main | hướng dẫn [unk] | ? | slip
N main | [unk] | ? | slip
N main | chín | ? | slip
N main | nghe cảnh báo lừa đảo | opt:2 | flow
N main | cảnh báo lừa đảo | opt:2 | flow
# == tutorials menu ================================================================================
N tut | cài ứng dụng | opt:1
N tut | tải ứng dụng về máy | opt:1
N tut | tạo tài khoản | opt:2
N tut | định danh điện tử | opt:2
N tut | sổ sức khỏe | opt:3
N tut | sổ sức khoẻ | opt:3
N tut | lịch tiêm | opt:3
N tut | trả tiền điện | opt:4
N tut | hóa đơn | opt:4
N tut | hoá đơn | opt:4
N tut | tiền nước | opt:4
N tut | dịch vụ công | opt:5
N tut | cổng dịch vụ công | opt:5
N tut | đổi điện thoại | opt:6
N tut | máy mới | opt:6
C tut | cách trả tiền điện nước | opt:4
C tut | tiêm chủng cho cháu | opt:3
S tut | tui mới đổi máy | opt:6
S tut | làm thủ tục | opt:5
S tut | hoa don | opt:4 | slip
# == scam lessons menu =============================================================================
N scam | công an | opt:1
N scam | giả danh công an | opt:1
N scam | ngân hàng | opt:2
N scam | điện lực | opt:2
N scam | mã xác thực | opt:3
N scam | mật khẩu | opt:3
N scam | đường link | opt:4
N scam | quét mã | opt:4
N scam | tôi lỡ chuyển tiền | opt:5
N scam | đã bị lừa | opt:5
N scam | người thân cấp cứu | opt:6
N scam | giao hàng | opt:7
N scam | cảnh báo mới | opt:8
N scam | tin mới nhất | opt:8
C scam | người thân mượn tiền | opt:6
S scam | mấy người giao hàng | opt:7
N scam | mã otp | opt:3 | flow
N scam | link lạ | opt:4 | flow
# == report: which report, who called, money ===================================================
N rkind | báo lừa đảo | opt:1
N rkind | trình báo | opt:1
N rkind | rút lại | opt:2
N rkind | rút lại báo cáo | opt:2
N rkind | tôi muốn rút báo cáo | opt:2
N rkind | không rút lại | neg:2
S rkind | thu hồi | opt:2
N who | công an | opt:1
N who | cán bộ nhà nước | opt:1
N who | nhân viên ngân hàng | opt:2
N who | điện lực | opt:3
N who | nhà mạng | opt:4
N who | người giao hàng | opt:5
N who | người thân | opt:6
N who | việc nhẹ lương cao | opt:7
N who | người lạ | opt:8
C who | tự xưng công an | opt:1
S who | nhà băng | opt:2
S who | mấy người quen | opt:6
N who | bên điện | opt:3 | flow
N who | cháu tôi | opt:6 | flow
N money | rồi | opt:1
N money | chuyển rồi | opt:1
N money | đã chuyển tiền | opt:1
N money | chưa | opt:2
N money | chưa chuyển | opt:2
N money | chưa ạ | opt:2
S money | dạ rồi | opt:1
S money | mất tiền rồi | opt:1
C money | chưa chuyển chi hết | opt:2
N money | có | opt:1 | flow
N money | không | opt:2 | flow
N money | không có | opt:2 | flow
S money | hổng có | opt:2 | flow
C money | nỏ | opt:2 | flow
# == tutorial step =================================================================================
N step | xong | opt:1
N step | xong rồi | opt:1
N step | làm xong rồi | opt:1
N step | tiếp | opt:1
N step | tiếp theo | opt:1
N step | tôi làm xong rồi | opt:1
N step | chậm lại | opt:2
N step | nói chậm thôi | opt:2
N step | không hiểu | opt:3
N step | tôi không hiểu | opt:3
N step | khó quá | opt:3
N step | không làm được | opt:3
N step | bị vướng | opt:3
N step | chưa xong | notyet:1
N step | chưa xong ạ | notyet:1
N step | tôi chưa làm xong | notyet:1
N step | chưa | notyet
N step | chưa được | notyet
N step | đợi chút | notyet
N step | khoan đã | notyet
N step | nhắc lại | repeat
C step | chưa xong mô | notyet:1
C step | nỏ xong | neg:1
C step | răng rứa | repeat
S step | chưa xong nghen | notyet:1
S step | từ từ | notyet
S step | chờ chút | notyet
S step | hông xong | neg:1
N step | rồi | opt:1 | flow
N step | được rồi | opt:1 | flow
N step | tiếp tục | opt:1 | flow
S step | hông làm được | opt:3 | flow
# == tutorial end: hear it again ==================================================================
N restart | nghe lại từ đầu | opt:1
N restart | học lại | opt:1
S restart | từ đầu đi | opt:1
N restart | không học lại | neg:1
# == recording review ==============================================================================
N review | giữ | opt:1
N review | giữ lại | opt:1
N review | gửi đi | opt:1
N review | được rồi | opt:1
N review | nghe thử | opt:2
N review | nghe bản ghi | opt:2
N review | ghi lại | opt:3
N review | kể lại | opt:3
N review | không gửi | neg:1
N review | đừng gửi | neg:1
N review | không giữ | neg:1
N review | không giữ lại | neg:1
N review | chưa gửi | notyet:1
N review | không muốn gửi | neg:1
N review | đừng có gửi | neg:1
N review | không gửi, nghe thử | opt:2
N review | đừng gửi, ghi lại | opt:3
N review | gửi… à không, nghe thử | opt:2
C review | nỏ gửi | neg:1
C review | có gửi mô | neg:1
C review | gửi làm chi | neg:1
S review | hổng gửi | neg:1
S review | thôi đừng gửi | neg:1
S review | gửi dùm tui | opt:1
S review | cho tui nghe thử | opt:2
S review | cho tui nghe lại lời kể | opt:2
N review | nghe lại đi | repeat
N review | khong gui | neg:1 | slip
N review | gửi [unk] | ? | slip
# == a control word inside an answer that names an option ===========================================
N rkind | rút lại vụ báo cáo | opt:2
C main | làm răng để tránh lừa đảo | opt:2
N main | làm sao để phòng tránh lừa đảo | opt:2
S who | hổng rõ là ai | ?
N who | tôi không rõ ai gọi | ?
N main | làm sao để không bị lừa | opt:2 | flow
S main | chỉ tui cách tránh bị lừa | opt:2 | flow
# == emphatic yes, rhetorical "có … đâu", merged syllables, yes/no-shaped menus, regional "not" ==
N yn | sao lại không | yes
S yn | có chớ, sao hông | yes
C yn | có chớ, răng lại không | yes
S yn | chớ sao | yes
N yn | tôi có biết số đó đâu | no
C yn | tui có gửi mã cho ai mô | no
S yn | ừ há | yes
N yn | khôngphải | no | slip
N yn | cóchứ | yes | slip
S yn | hôngcó | no | slip
N yn | khô ng | no | slip
C money | mô có chuyển tiền | opt:2
C money | chưa mô | opt:2
N money | không chuyển xu nào | opt:2
N money | có chuyển đâu | opt:2 | flow
S step | hổng hiểu | opt:3
C step | nỏ hiểu chi hết | opt:3
N rkind | không rút | neg:2
S rkind | hổng rút nữa | neg:2
N main | tôi muốn biết cách cài định danh | opt:1
# == fifth round, one row per class (regional words, narration, asides, negated "sai", "à không,",
# == a double negative, a key before a final particle, Southern "băm", "đã" before digits) ========
C tut | mần răng trả tiền nác | opt:4
C yn | khôn, khôn phải số nớ | no
N scam | người ta bảo phải giữ kín mật khẩu | opt:3
S scam | bọn nó kêu cắt điện | opt:2
N yn | đúng rồi còn gì nữa | yes
S scam | nghe tin gì mới nhất | opt:8
N yn | thôi, nhắc lại giùm tôi | repeat
N yn | chẳng sai, số đó đúng | yes
S yn | hổng, à hông, phải rồi | yes
N yn | chẳng phải là không có | ?
S main | bấm số bốn nha | opt:4
S dg | băm mốt, hăm hai | dg:3122
C dg | để tui coi đã, không chín | dg:09
N main | tôi muốn báo một vụ lừa đảo | ?
N main | cho tôi gặp người giúp với | opt:5
N step | đọc lại cái bước lúc nãy | repeat
N review | khoan, không gửi | neg:1
N money | tôi báo cho ngân hàng rồi | opt:3 | flow
# == sixth round, one row per class (question words beside unread words, "nhưng mà", "chả nhớ",
# == "no co" is "nỏ có" or "nó có", trật, rhetorical "dại gì"/"đời nào", "X chi mà X",
# == postponement, "nên", "mã số" before digits, "cho chắc") ====================================
C main | học chi cũng được | ?
N money | chưa chuyển, nhưng mà đọc mã rồi | opt:1
N yn | tôi cũng chả nhớ nữa | ?
S yn | no phai | ?
S yn | trật rồi | no
N yn | đời nào tôi đưa | no
C yn | gửi chi mà gửi | no
N yn | để lúc khác nhé | no
C yn | nên chớ | yes
N yn | không nên ạ | no
S dg | mã số là một hai ba, bốn năm sáu | dg:123456
S yn | có, để cho chắc | yes
# == seventh round, one row per class ("nói nhanh quá" asks again, the question's verb echoed
# == after "thôi", Central "răng" = sao, "<who> không rõ" is not sure, "có cài" at the money
# == question, a step that did not work) ========================================================
N yn | bác nói nhanh quá | repeat
S yn | thôi, nghe tiếp đi | yes
C yn | đúng rồi chớ răng | yes
C yn | tui không rõ nữa | ?
S money | tui có cài cái đó rồi | opt:1 | flow
N step | bấm rồi mà không ra gì | opt:3 | flow
"""
