"""Eighth held-out table of spoken answers for the intent parser (Công Dân Số hotline).

Written independently, without reading the parser (``speech/``), the earlier tables' rows, the
benchmarks or their notes, and never run through the parser while it was written (nor after): it
measures, it is not tuned on. Only the format, dialect notes and label conventions in the
docstring of ``intent_heldout7.py`` were read. The contexts and their numbered options are today's
questions in ``prompts/flow.yaml`` and ``prompts/nodes/*.yaml`` (main menu, tutorials menu,
scam-safety menu, the money question, who the caller claimed to be, a tutorial step, the end of a
tutorial, the recording review); how callers say yes/no and digits follows the project's domain
notes on Vietnamese yes/no and number reading (public sources below).

Method: each row is what an elderly or low-literacy caller plausibly says on the phone, written
for the three dialect areas (N = North; C = Centre: Huế, Quảng Nam – Đà Nẵng, Nghệ Tĩnh;
S = South), balanced across them in every context. Rows use particles (ạ, nhé, nha, nghen, hen,
chớ, mà, đó, hả, ri, rứa), fillers (ờ, à, ừm, thì, dạ), self-corrections ("à không", "à nhầm",
"à lộn", "ý là"), narrations before the answer, reasons after it ("vì …"), answers with "nên",
rhetorical and double negatives, and hedges. The table is meant to look like a fair sample of what
a hotline hears: mostly plain answers, with the hard cases in the proportion they occur, not more.

Row format: ``REGION CONTEXT | utterance | label`` or ``REGION CONTEXT | utterance | label | slip``.
About a tenth of the rows (tag ``slip``) imitate recogniser slips: lost diacritics, ``[unk]`` for
a word not recognised, repeated words, merged syllables, a wrong tone (e.g. "nó" for Nghệ "nỏ").
The label of a slip row is what the caller meant when that is still clear from the text; when the
slip removed the deciding word, the label is ``?``.

Contexts and labels:
- ``yn``: a yes/no question (the resume offer "Học tiếp bài …?", a quiz "Bác có nên … không?",
  a read-back "Bác nói … phải không? Nếu đúng bấm 1", "Bác đã … chưa?"). Labels: ``yes``, ``no``,
  ``repeat``, ``back``, ``main_menu``, ``volunteer`` (asks for a person), ``?``. The label is the
  polarity of the caller's answer to the question as asked ("Dại gì mà chuyển" = no to "Bác có
  nên chuyển không?"); the utterances echo the question's own verb where the answer needs it. A
  bare "dạ" / "dạ dạ, cô cứ nói" can be only "I'm listening"
  (http://www.vietnam-culture.com/articles-86-6/Communicating-with-Vietnamese.aspx): ``?``.
- ``dg``: a phone number or a 6-digit report reference said by voice. Label ``dg:<digits>``, or
  ``?`` when no number can be taken (does not remember, refuses, a digit lost). Numbers are said
  digit by digit in groups, or as pairs (hăm = hai mươi, băm = ba mươi, mốt = 1, tư = 4,
  lăm/nhăm = 5 after a tens word, linh/lẻ = a zero tens digit after trăm, chục = ten), with
  self-corrections of one group (the corrected group replaces the one before it).
- menus ``main``, ``tut``, ``scam``, ``money``, ``who``, ``step``, ``restart``, ``review``:
  ``opt:K`` for option K as numbered in the prompts, and ``repeat``, ``back``, ``main_menu``, ``?``.
  At the main menu "a person" is option 5 (``opt:5``). At the money question ("Bác đã chuyển
  tiền, đọc mã hay cài gì cho họ chưa?") 1 = rồi (transferred, read a code, or installed what they
  said), 2 = chưa, 3 = đã báo ngân hàng, 4 = rút báo cáo. At "Người đó tự xưng là ai?" 1 công an /
  cán bộ, 2 ngân hàng, 3 điện lực / công ty nước, 4 nhà mạng, 5 giao hàng, 6 người thân / người
  quen, 7 việc làm / đầu tư, 8 người khác or "không nhớ / không rõ". At a tutorial step the keys
  in flow.yaml are 1 done / next, 2 slower, 3 stuck, 4 back to normal speed (named only while
  slow), ``*`` repeat: so "nói chậm lại" is ``opt:2``, "nói lại bước này" is ``repeat``, and
  "chưa xong / đợi chút / đang làm" is ``notyet``. At the end of a tutorial 1 = learn it again
  from the start, 0 = another lesson (``back``), 9 = the main menu (``main_menu``). At the
  recording review 1 = keep / send, listening back is written ``opt:2`` (the older listen key),
  3 = tell it again; a refusal of option 1 ("đừng gửi", "khoan gửi") is ``neg:1``. "Nói lại đi"
  (you say it again) at the review is ``repeat``; "cho tui nói lại" (let me tell it again) is
  ``opt:3``. Asking for a person at a menu other than the main menu is not in this table (its
  label set has no ``volunteer``).

Sources for the regional forms (public):
- Centre / Nghệ Tĩnh (mô, tê, răng, rứa, nỏ, ni, nớ, chừ/dừ, mần, hắn, biểu):
  https://nghengu.vn/tu-dien-tieng-nghe/cac-tu-tieng-nghe-an-1073.html
  https://beta.voh.com.vn/song-dep/nhung-cau-noi-nghe-an-kho-hieu-564712.html
  https://diendan.hocluat.vn/viewtopic.php?t=11357
  https://nghengu.vn/tieng-nghe-cua-toi/tu-dien-nghe-an-987.html
- Dialects of Vietnamese in general (Centre and South vocabulary, Huế "o", "mệ"):
  https://en.wikipedia.org/wiki/Vietnamese_language#Dialects
  https://vi.wikipedia.org/wiki/Phương_ngữ_tiếng_Việt
- South (hổng/hông, nghen, dzậy, tui, ổng, bả, lộn, xài, giùm/dùm, kêu, trật):
  https://vi.wikipedia.org/wiki/Phương_ngữ_Nam_Bộ
  https://en.wiktionary.org/wiki/hổng
- Number words (mốt, tư, lăm, nhăm, linh, lẻ, hăm, băm, chục):
  https://en.wiktionary.org/wiki/mốt
  https://en.wiktionary.org/wiki/lăm
  https://en.wiktionary.org/wiki/hăm
  https://en.wiktionary.org/wiki/băm
  https://en.wiktionary.org/wiki/linh
"""
from __future__ import annotations

HELDOUT8 = """
# ---------------------------------------------------------------- yes / no (North)
N yn | Vâng ạ, có chứ | yes
N yn | Dạ không, tôi không đọc đâu | no
N yn | Ờ, thế thì nên gọi chứ, gọi ngay chứ còn gì nữa | yes
N yn | Ai lại đi xóa tin nhắn, không xóa đâu | no
N yn | Cô nói lại cho tôi nghe cái, tôi chưa nghe rõ | repeat
N yn | Cái này thì tôi cũng chả biết nữa | ?
N yn | Có... à không, không nên | no
N yn | Không, à nhầm, có chứ, phải gọi ngân hàng chứ | yes
N yn | Đúng rồi, số đấy đúng rồi | yes
N yn | Sai rồi, không phải số ấy | no
N yn | Thôi cho tôi về cái mục chính đi | main_menu
N yn | Quay lại câu trước hộ tôi | back
N yn | Cho tôi nói chuyện với người thật được không | volunteer
N yn | Không phải là không nên, nên chứ | yes
N yn | Dại gì mà tin, mất tiền như chơi | no
N yn | Hôm trước thằng cháu nó cũng dặn tôi rồi, phải giữ lại hết, thế thì không xóa | no
N yn | Chưa, tôi chưa làm | no
N yn | Rồi, tôi làm rồi | yes
N yn | Ừ, học tiếp đi | yes
N yn | Có, vì công an thật không bao giờ làm thế | ?
N yn | Thế thì không nên, vì người lạ gửi thì làm sao mà tin được | no
N yn | Vâng, nên, vì phải xem ai phát hành chứ | yes
N yn | Chắc là có, mà tôi cũng không chắc lắm | ?
N yn | Gì cơ? | repeat
N yn | Không phải, tôi đọc là không chín tám chứ không phải không chín ba | no
N yn | Làm gì có chuyện bệnh viện bắt chuyển tiền trước | no
N yn | khong nen dau, khong nen | no | slip
N yn | có có có có chứ | yes | slip
N yn | [unk] nên | ? | slip
N yn | vâng a | yes | slip
# ---------------------------------------------------------------- yes / no (Centre)
C yn | Có chớ, gọi liền chớ | yes
C yn | Nỏ, nỏ có đọc mô | no
C yn | Răng lại xóa, giữ lại chớ, nỏ xóa | no
C yn | O nói lại chậm chậm cho mệ nghe với | repeat
C yn | Chi rứa? | repeat
C yn | Đúng rồi, số nớ đúng rồi | yes
C yn | Nỏ phải, sai rồi | no
C yn | Dạ, rồi, tui làm rồi | yes
C yn | Chưa, chừ mới tính làm | no
C yn | Ai mà dại rứa, nỏ tin mô | no
C yn | Có... à lộn, không, không nên chuyển | no
C yn | Không... à không, có chớ, nên xem chớ | yes
C yn | Cho tui gặp người thiệt nói chuyện | volunteer
C yn | Về cái mục chính đi o | main_menu
C yn | Trở lại câu hồi nãy đi | back
C yn | Tui cũng nỏ biết nữa | ?
C yn | Hôm qua có đứa gọi tui xưng công an, hắn biểu chuyển tiền, tui nỏ chuyển. Công an thật nỏ bao giờ rứa mô | no
C yn | Nên chớ, vì máy mượn của con thì phải trả lại cho hắn | yes
C yn | Ừ, học tiếp | yes
C yn | Không phải không có, có in chớ | yes
C yn | Mệ nghe chưa rõ, mà chắc là không... hay có hè | ?
C yn | Dạ, dạ, o cứ nói | ?
C yn | Rứa thì không nên, người lạ mà | no
C yn | Có, có, đọc đúng rồi | yes
C yn | Có nên mô, dại chi mà trả | no
C yn | Không, ý là không đúng, số cuối là tám chớ không phải sáu | no
C yn | Chuyển chi mà chuyển, nỏ chuyển | no
C yn | nó có đọc mô | no | slip
C yn | [unk] rồi o | ? | slip
C yn | có chơ | yes | slip
# ---------------------------------------------------------------- yes / no (South)
S yn | Dạ có | yes
S yn | Hổng có đâu | no
S yn | Hông nên, ai mà dại dzậy | no
S yn | Dạ đúng rồi cô | yes
S yn | Trật rồi, số đó hông phải | no
S yn | Nói lại giùm tui cái, tui nghe hổng kịp | repeat
S yn | Hả? | repeat
S yn | Ờ nên chớ, gọi liền cho ngân hàng chớ | yes
S yn | Có... à lộn, hổng có | no
S yn | Hổng phải hổng nên, nên chớ | yes
S yn | Cho tui gặp ai đó nói chuyện trực tiếp đi | volunteer
S yn | Thôi về menu chính đi | main_menu
S yn | Trở lại cái hồi nãy đi | back
S yn | Hồi bữa con gái tui nó dặn rồi, link lạ là hổng có bấm, nên hổng cài đâu | no
S yn | Chưa, tui chưa làm nữa | no
S yn | Rồi, làm rồi nghen | yes
S yn | Ừa, học tiếp nghen | yes
S yn | Tui hổng biết nữa, chắc dzậy | ?
S yn | Ờ ha... mà cũng hổng chắc | ?
S yn | Hông, ý là hông có đúng, số giữa là bốn năm sáu | no
S yn | Có chớ, vì mình giữ làm bằng chứng mà | yes
S yn | Hổng nên, vì mấy cái đó là bẫy hết trơn | no
S yn | Dạ dạ, cô nói tiếp đi | ?
S yn | Ổng kêu tui đọc mà tui hổng đọc. Câu này thì hông, hông có nên | no
S yn | Chắc có, mà để tui hỏi thằng con đã | ?
S yn | Ô kê, được | yes
S yn | Xài hai máy một lúc hả? Hổng được đâu | no
S yn | hong co dau | no | slip
S yn | dạ đúng đúng đúng rồi | yes | slip
S yn | hổng [unk] đâu | ? | slip
# ---------------------------------------------------------------- digits (North)
N dg | Không chín một hai, ba bốn năm, sáu bảy tám | dg:0912345678
N dg | Số của nó là không chín tám, tám tám hai, một ba năm bảy | dg:0988821357
N dg | Không ba năm hai, bốn bảy tám, chín hai mốt, à nhầm, chín hai tư | dg:0352478924
N dg | Mã số là một hai ba, bốn năm sáu | dg:123456
N dg | Mã báo cáo là hăm ba, bốn lăm, sáu bảy | dg:234567
N dg | Tôi không nhớ số đâu, nó gọi xong tôi xóa mất rồi | ?
N dg | Không chín không, năm năm năm, mười hai, ba nhăm | dg:0905551235
N dg | Không tám bốn... à không, không tám sáu, hai hai hai, bốn bốn bốn tám | dg:0862224448
N dg | Mã là chín tám bảy, sáu năm tư | dg:987654
N dg | Không ba tám chín, một trăm linh năm, bốn hai một | dg:0389105421
N dg | Số đấy là không chín bảy... bảy... ba hai... ờ tôi quên mất mấy số cuối rồi | ?
N dg | Ờ... không chín sáu, ba ba tám, bảy bảy không chín ạ | dg:0963387709
N dg | Mã số: bốn mươi, mười hai, chín chín | dg:401299
N dg | Số máy bàn: không hai bốn, ba tám hai sáu, năm bốn ba hai | dg:02438265432
N dg | khong chin tam, bay bay sau, nam bon ba hai | dg:0987765432 | slip
# ---------------------------------------------------------------- digits (Centre)
C dg | Không chín không năm, một hai ba, bốn năm sáu | dg:0905123456
C dg | Số hắn là không chín ba lăm, tám tám, chín chín, hăm hai | dg:0935889922
C dg | Mã số là băm mốt, bốn tư, mười chín | dg:314419
C dg | Nỏ nhớ mô, hắn gọi số lạ hoắc | ?
C dg | Không ba bảy tám, chín chín, không không, mười một | dg:0378990011
C dg | Không tám năm, sáu sáu sáu, hai hai... à lộn, hai ba, bốn bốn | dg:0856662344
C dg | Số ni nờ: không hai ba tư, ba tám hai, năm bảy ba một | dg:02343825731
C dg | Mã là sáu lăm, bảy tám, không hai | dg:657802
C dg | Mệ đọc nghe: một, hai, không, chín, chín, tám | dg:120998
C dg | Không chín tám, chín trăm lẻ hai, ba ba năm bảy | dg:0989023357
C dg | Tui không đọc số cho mô, sợ lừa lắm | ?
C dg | Không chín bốn, bốn năm... hắn gọi nhiều số lắm, tui nỏ biết số mô | ?
C dg | Không bảy sáu bốn, bảy chục, tám mốt, ba hai | dg:0764708132
C dg | Mã số báo cáo hả, để tui coi giấy: bốn, bốn, bảy, một, không, năm | dg:447105
C dg | khong chin nam [unk] bay tam | ? | slip
# ---------------------------------------------------------------- digits (South)
S dg | Dạ số là không chín không tám, hai hai ba, bốn bốn năm | dg:0908223445
S dg | Không chín ba, bảy bảy, sáu sáu, năm lăm, bốn | dg:0937766554
S dg | Mã là hai trăm lẻ năm, ba trăm mười | dg:205310
S dg | Hổng nhớ, tui hổng có ghi lại | ?
S dg | Không ba tám, chín chín chín, bốn không, à lộn, bốn một, hai hai | dg:0389994122
S dg | Số điện thoại nhà: không hai tám, ba chín một hai, ba bốn năm sáu | dg:02839123456
S dg | Mã số: mười lăm, hăm hai, chín chín | dg:152299
S dg | Không bảy không, hai hai hai, tám tám tám tám | dg:0702228888
S dg | Để tui kêu con tui đọc... mà nó đi làm rồi, thôi hổng có số | ?
S dg | Không chín bảy, băm sáu, bốn bảy, tám chín, hai | dg:0973647892
S dg | Không tám một hai, sáu lăm, ba ba, không tám, à hông, không chín | dg:0812653309
S dg | Mã là sáu sáu, tám tám, chín chín nghen | dg:668899
S dg | Số đó là... một chín không không, năm năm... hông nhớ nữa | ?
S dg | Mã số là tám trăm lẻ bảy, chín trăm hai mươi | dg:807920
S dg | khong chin chin bon, bon bon nam, nam nam sau | dg:0994445556 | slip
# ---------------------------------------------------------------- main menu
N main | Tôi muốn học dùng cái điện thoại | opt:1
N main | Có thằng gọi lừa tôi, tôi muốn báo | opt:3
N main | Kiểm tra hộ tôi cái số lạ nó cứ gọi suốt | opt:4
N main | Cho tôi gặp người nào giúp với | opt:5
N main | Số hai | opt:2
N main | Ờ... cái gì mà... tránh bị lừa ấy | opt:2
N main | Nhắc lại đi cháu | repeat
N main | kiểm kiểm tra số lạ | opt:4 | slip
C main | Tui muốn biết mần răng cho khỏi bị lừa | opt:2
C main | Có đứa gọi lừa tui, tui muốn báo cho tổng đài biết | opt:3
C main | Coi giúp tui cái số lạ ni | opt:4
C main | Học mần cái điện thoại | opt:1
C main | Cho tui gặp người giúp với, tui mần nỏ được | opt:5
C main | Răng nói nhanh rứa, nói lại đi | repeat
C main | Số năm | opt:5
C main | Tui cũng nỏ biết chọn cái chi | ?
C main | số hai hai | opt:2 | slip
S main | Học xài điện thoại | opt:1
S main | Tui muốn báo cái vụ lừa đảo | opt:3
S main | Coi giùm tui cái số lạ này nè | opt:4
S main | Cách né lừa đảo đó | opt:2
S main | Kêu người ra nói chuyện với tui đi | opt:5
S main | Số một | opt:1
S main | Cho tui nghe cảnh báo lừa đảo | opt:2
S main | bao lua dao | opt:3 | slip
# ---------------------------------------------------------------- tutorials menu
N tut | Tôi muốn cài cái ứng dụng | opt:1
N tut | Làm cái định danh điện tử | opt:2
N tut | Đóng tiền điện | opt:4
N tut | Cái sổ sức khỏe, để xem lịch tiêm cho cháu | opt:3
N tut | Tôi mới mua máy mới, cái VNeID nó không vào được | opt:6
N tut | Quay lại | back
N tut | Bài số năm | opt:5
C tut | Tui muốn trả tiền nước | opt:4
C tut | Tạo cái vê en ai đi | opt:2
C tut | Mần cái thủ tục trên mạng | opt:5
C tut | Đổi điện thoại mới | opt:6
C tut | Sổ khám bệnh | opt:3
C tut | Về mục chính | main_menu
C tut | Số ba hay số bốn chi đó, tui quên rồi | ?
S tut | Cài app | opt:1
S tut | Làm giấy tờ trên dịch vụ công | opt:5
S tut | Máy cũ bị mất, giờ xài máy mới | opt:6
S tut | Tiêm ngừa cho mấy đứa nhỏ | opt:3
S tut | Nói lại đi, nhanh quá | repeat
S tut | Tạo vê nê ai đi | opt:2
S tut | tiền điện nược | opt:4 | slip
# ---------------------------------------------------------------- scam-safety menu
N scam | Tôi lỡ chuyển tiền cho nó rồi | opt:1
N scam | Cái đứa xưng là công an ấy | opt:2
N scam | Nó bảo cắt điện nhà tôi | opt:3
N scam | Mã OTP | opt:4
N scam | Nghe tin mới nhất | opt:6
N scam | Cháu nó gọi bảo đang cấp cứu, cần tiền ngay | opt:5
N scam | Quay lại mục trước | back
C scam | Hắn gửi cái link biểu bấm vô | opt:4
C scam | Hắn xưng nhân viên ngân hàng | opt:3
C scam | Tui bị lừa rồi | opt:1
C scam | Nghe cảnh báo mới | opt:6
C scam | Nói lại coi | repeat
C scam | hắn [unk] công an | opt:2 | slip
S scam | Người ta kêu con tui bị tai nạn, đòi tiền gấp | opt:5
S scam | Ổng xưng công an | opt:2
S scam | Cái mã QR quét đó | opt:4
S scam | Điện lực gọi đòi tiền | opt:3
S scam | Tui lỡ đưa mã rồi | opt:1
S scam | Về menu chính | main_menu
S scam | Ờ... cái gì đó... hổng biết nữa | ?
# ---------------------------------------------------------------- money question
N money | Rồi, tôi chuyển mất năm triệu rồi | opt:1
N money | Chưa, chưa chuyển đồng nào | opt:2
N money | Tôi báo ngân hàng rồi | opt:3
N money | Tôi muốn rút lại cái báo cáo hôm trước | opt:4
N money | Nó bảo cài cái ứng dụng, tôi cài rồi | opt:1
N money | Không, tôi tắt máy luôn | opt:2
N money | Ờ... tôi đọc cái mã... à không, tôi chưa đọc, tôi tắt máy rồi | opt:2
N money | rồi rồi chuyển rồi | opt:1 | slip
C money | Có, tui đọc mã cho hắn rồi | opt:1
C money | Nỏ, tui nỏ chuyển chi hết | opt:2
C money | Tui gọi ngân hàng báo rồi | opt:3
C money | Chưa mô | opt:2
C money | Hắn biểu cài cái chi đó, tui cài rồi | opt:1
C money | Nói lại chậm chậm | repeat
C money | Tui nỏ nhớ là đọc hay chưa nữa | ?
S money | Dạ rồi, tui chuyển rồi | opt:1
S money | Hông, tui hổng có chuyển | opt:2
S money | Tui báo ngân hàng khóa thẻ rồi | opt:3
S money | Thu hồi cái báo cáo | opt:4
S money | Chuyển thì chưa mà đọc mã thì rồi | opt:1
S money | chua chuyen | opt:2 | slip
S money | Tui... [unk] rồi | ? | slip
# ---------------------------------------------------------------- who they claimed to be
N who | Nó xưng là công an phường | opt:1
N who | Bên ngân hàng | opt:2
N who | Nó bảo là bên điện lực | opt:3
N who | Nhà mạng Viettel | opt:4
N who | Bảo là cháu tôi | opt:6
N who | Tôi không nhớ nữa | opt:8
N who | Người giao hàng | opt:5
C who | Hắn nói hắn là cán bộ viện kiểm sát | opt:1
C who | Hắn biểu bên nhà mạng, đòi khóa sim | opt:4
C who | Con gái tui, giọng giống y | opt:6
C who | Nỏ biết hắn là ai | opt:8
C who | Mời đi làm, lương cao lắm | opt:7
C who | Công ty nước | opt:3
C who | ngân hàn | opt:2 | slip
S who | Ổng nói ổng bên ngân hàng | opt:2
S who | Shipper giao hàng | opt:5
S who | Bả nói bả là bạn của con tui | opt:6
S who | Kêu đầu tư kiếm tiền | opt:7
S who | Hổng rõ nữa | opt:8
S who | cong an | opt:1 | slip
S who | Nhà mạng gì đó, mobi... mobi [unk] | opt:4 | slip
# ---------------------------------------------------------------- tutorial step
N step | Xong rồi | opt:1
N step | Được rồi, tiếp đi | opt:1
N step | Đợi tôi tí, đang tìm cái kính | notyet
N step | Nói chậm thôi, nhanh quá tôi không theo kịp | opt:2
N step | Tôi không thấy cái nút ấy đâu cả | opt:3
N step | Nói lại bước này đi | repeat
N step | Chưa xong, từ từ đã | notyet
N step | Rồi, tôi bấm vào cái hình tam giác rồi | opt:1
N step | Thôi về mục chính | main_menu
N step | Bình thường thôi, nói nhanh như cũ cũng được | opt:4
N step | Cái gì cơ? Cái hình gì? | repeat
N step | khó quá [unk] | opt:3 | slip
C step | Xong rồi o | opt:1
C step | Chừ mới mở ra, chờ chút | notyet
C step | Nỏ thấy chi hết | opt:3
C step | Nói chậm lại, mệ già rồi | opt:2
C step | Nói lại cái bước ni | repeat
C step | Rồi, tiếp | opt:1
C step | Mần nỏ được | opt:3
C step | Chưa, chưa xong mô | notyet
C step | Trở lại bước trước | back
C step | Răng hắn nỏ hiện chi hết rứa | opt:3
C step | Được rồi... à chưa, chưa, đợi chút | notyet
C step | Hắn hỏi mật khẩu, có nhập không? | ?
C step | chưa xông | notyet | slip
S step | Xong rồi nè | opt:1
S step | Đợi chút xíu, tui đang kiếm | notyet
S step | Làm hổng được | opt:3
S step | Nói chậm chậm thôi | opt:2
S step | Nói lại giùm cái | repeat
S step | Rồi, tiếp đi | opt:1
S step | Hông thấy hiện gì hết trơn | opt:3
S step | Chưa xong | notyet
S step | Quay lại cái bước hồi nãy | back
S step | Ờ | ?
S step | xong xong roi | opt:1 | slip
S step | nói chầm lại | opt:2 | slip
# ---------------------------------------------------------------- end of a tutorial
N restart | Học lại từ đầu | opt:1
N restart | Thôi chọn bài khác | back
N restart | Về mục chính | main_menu
N restart | hoc lai tu dau | opt:1 | slip
C restart | Mần lại từ đầu, tui chưa nhớ | opt:1
C restart | Bài khác | back
C restart | Thôi về mục chính o | main_menu
C restart | Nói lại cái vừa rồi | repeat
S restart | Học lại lần nữa nghen | opt:1
S restart | Chọn bài khác đi | back
S restart | Thôi, hổng học nữa, về menu chính | main_menu
S restart | Thôi | ?
# ---------------------------------------------------------------- recording review
N review | Giữ lại, gửi đi | opt:1
N review | Cho tôi nghe lại xem tôi nói gì | opt:2
N review | Kể lại, lúc nãy tôi nói lộn xộn quá | opt:3
N review | Đừng gửi vội | neg:1
N review | Được rồi | opt:1
C review | Gửi đi o | opt:1
C review | Nghe thử coi | opt:2
C review | Ghi lại từ đầu, tui nói chưa hết | opt:3
C review | Nỏ gửi mô | neg:1
C review | O nói lại đi, tui chưa nghe kịp | repeat
C review | nghe thử [unk] | opt:2 | slip
S review | Gửi luôn đi | opt:1
S review | Cho tui nghe lại lời tui kể | opt:2
S review | Cho tui nói lại | opt:3
S review | Khoan, đừng gửi | neg:1
S review | Thôi được, giữ đó đi | opt:1
S review | gui di | opt:1 | slip
"""
