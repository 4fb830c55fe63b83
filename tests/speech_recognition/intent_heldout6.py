"""Sixth held-out table for speech.intents: written independently of the parser. Its source, the
development table's rows and the other held-out tables' rows were not read. The writer read only
the first 60 lines of ``intent_heldout5.py`` (docstring and format), the distinct context codes,
expected labels and tags used there (not its transcripts), the questions and options in
``prompts/`` (today's, so it is scored with ``benchmarks/intents.py --menus flow``, and, for the ``rkind`` report menu, ``review`` and ``restart``, the flow
of commit ffbfe57), and the domain notes. The rows come from how elderly callers of the North, the
Centre (Huế, Quảng Nam – Đà Nẵng, Nghệ Tĩnh) and the South answer a hotline. Written and committed
before anything was run on it; measured once, not tuned on.

Same format as ``intent_corpus.py``: ``REGION CONTEXT | transcript | expected [| tags]``.
Expected is what the caller meant. ``?`` marks answers a careful operator would ask about again:
hedges, "không biết", two people disagreeing, a deciding word lost to ``[unk]``, and a diacritic
slip that makes two opposite words look the same ("no co" = "nỏ có" or "nó có").
Contexts: ``yn`` yes/no questions (the number read-back "Nếu đúng, bấm phím 1", the resume offer
"Học tiếp bài …", the tutorials' quiz "Bác có nên … không?", and plain yes/no answers to the
check-a-number question "Bác muốn kiểm tra số khác không?". The format has no context of its own
for check_next, so only its yes/no-shaped answers are here), ``dg`` digits (a phone number, a
short number, a six-digit report reference), ``main``, ``tut``, ``scam``, ``money`` (the "đã …
chưa?" question, yes = 1, no = 2), ``review`` (1 keep, 2 listen, 3 tell again; ``neg:1`` = "do
not keep/send", no other option chosen), ``who``, ``step`` (1 done, 2 slower, 3 stuck,
``notyet``), ``restart`` (end of a tutorial), ``rkind`` (report or withdraw). Tag ``slip``: a
recogniser or transcription slip (missing diacritics, merged or split syllables, ``[unk]``,
repeated words).

Public sources for the dialect and number facts:
- North/South word pairs (vâng/dạ, ừ nghen, hông/hổng = không, lộn = nhầm, coi = xem, tui = tôi,
  dùm/giùm = giúp, xài = dùng, trật = sai, bữa = hôm, nhà băng = ngân hàng):
  https://www.webtretho.vn/f/doc-bao-gium-ban/khac-biet-thu-vi-trong-ngon-ngu-2-mien-bac-nam-1899331 ;
  https://quantrimang.com/cuoc-song/su-khac-nhau-trong-ngon-ngu-bac-nam-177473 ;
  https://kinhtechungkhoan.vn/mot-loi-dap-hai-phong-cach-song-vi-sao-nguoi-bac-noi-vang-a-nguoi-nam-lai-u-nghen-1381539.html
- Southern "hông/hổng": https://www.vjol.info/tu-vung-hong ; Southern pronouns ổng/bả (ông ấy,
  bà ấy), "dzậy" (vậy), "nghen", "nè", "hết trơn": https://vi.wiktionary.org/wiki/%E1%BB%95ng ;
  https://vi.wiktionary.org/wiki/b%E1%BA%A3
- Nghệ Tĩnh words (nỏ = không, mô = đâu, răng = sao, chi = gì, rứa = thế, ni = này, tê = kia,
  cấy = cái, nác = nước, chơ = chứ, mần = làm, chừ = bây giờ):
  https://nghengu.vn/tu-dien-tieng-nghe/cac-tu-tieng-nghe-an-1073.html ;
  https://balocco.net/chi-mo-rang-rua-nghia-la-gi ;
  https://vi.phongnhaexplorer.com/hoi-dap/van-hoa/mi-tieng-mien-trung-la-gi.html
- Huế words (o = cô, khôn = không, hỉ/hè as question tags, chừ, nớ = đó):
  http://cuoocjsoongs1.blogspot.com/2013/05/ai-muon-hoc-tieng-hue-ne1.html
- Quảng Nam – Đà Nẵng (tui, chi, mô, hắn): https://tiengmientrung.com/giong-quang-nam-da-nang
- Rhetorical negation ("có … đâu", "đâu có", "làm gì có", "chả", "dại gì", "đời nào"):
  https://en.wiktionary.org/wiki/%C4%91%C3%A2u ; https://en.wiktionary.org/wiki/ch%E1%BA%A3 ;
  https://vi.wiktionary.org/wiki/%C4%91%E1%BB%9Di_n%C3%A0o
- "dạ" may be only "I'm listening", so a bare "dạ" is not used as a yes here:
  http://www.vietnam-culture.com/articles-86-6/Communicating-with-Vietnamese.aspx
- Number words (mốt, tư, lăm/nhăm after a tens word, "hai mốt" = 21, "ba tư" = 34, linh (North)
  and lẻ (South) for an empty tens place, chục = ten, Southern hăm = hai mươi, băm = ba mươi,
  "dê-rô" for zero, phone numbers read in groups 4-3-3 / 3-4-4): https://en.wikipedia.org/wiki/Vietnamese_numerals ; https://vietnamese.nil.seattle.wa.us/numbers ;
  NVIDIA NeMo text-processing, ``nemo_text_processing/inverse_text_normalization/vi/taggers/telephone.py``
- Phone number shapes (10-digit mobiles, 11-digit landlines 024/0234…, 1800, 113): Google's
  libphonenumber metadata for VN, https://github.com/google/libphonenumber
  (resources/PhoneNumberMetadata.xml, resources/ShortNumberMetadata.xml).
- Recogniser slips: Vosk returns ``[unk]`` for a word outside the grammar
  (https://github.com/alphacep/vosk-api/issues/1339); typed or Twilio text may lack diacritics;
  syllables are merged or split at pauses; old tone-mark placement (hoá, khoẻ).
"""
from __future__ import annotations

HELDOUT6 = """
# -- yes/no: North -----------------------------------------------------------------------------
# read-back of a keyed number
N yn | vâng, đúng số ấy rồi ạ | yes
N yn | ừ đúng, chuẩn rồi | yes
N yn | đúng đấy cháu ạ | yes
N yn | không sai tẹo nào | yes
N yn | không, sai mất rồi, để tôi bấm lại | no
N yn | hình như sai một số thì phải | no
N yn | đâu phải, số tôi bấm khác cơ | no
N yn | chẳng đúng gì cả | no
N yn | đúng… à không, sai rồi, số cuối là chín cơ | no
# resume offer
N yn | ừ, học tiếp đi | yes
N yn | có, cho tôi học tiếp bài ấy | yes
N yn | thôi, hôm nay không học nữa | no
N yn | để hôm khác đi cháu | no
# quiz
N yn | không nên ạ, ai lại đi bấm vào link lạ | no
N yn | nên chứ, phải xem kỹ chứ | yes
N yn | có nên, có chứ | yes
N yn | dại gì mà đọc mã cho nó | no
N yn | đời nào tôi trả tiền cho bọn ấy | no
N yn | sao lại không, mang ra công an phường là được | yes
N yn | không nên… à nhầm, nên chứ | yes
N yn | vâng ạ, vâng | yes
N yn | ừm thì… có, có nên | yes
N yn | đúng mà, tôi bấm đúng mà | yes
N yn | ờ… chắc là có | ?
N yn | ai mà biết được | ?
N yn | chả biết nữa | ?
N yn | không phải không đúng, nhưng mà tôi chưa chắc | ?
# check another number
N yn | thôi, không kiểm tra nữa đâu | no
N yn | có, tôi còn một số nữa | yes
# asking again, other
N yn | cô nhắc lại câu hỏi được không | repeat
N yn | gì cơ? | repeat
N yn | cho tôi nói chuyện với tình nguyện viên | volunteer
N yn | vang dung roi | yes | slip
N yn | không không không | no | slip
N yn | [unk] đúng | ? | slip
N yn | [unk] vâng, đúng rồi ạ | yes | slip
# -- digits: North ------------------------------------------------------------------------------
N dg | không chín tám, bảy sáu năm, bốn ba hai một | dg:0987654321
N dg | không ba năm hai, hai tám một, chín không sáu | dg:0352281906
N dg | không chín một hai, ba mươi tư, năm mươi sáu, bảy mươi tám | dg:0912345678
N dg | không chín bốn… à nhầm, không chín ba, bốn bốn năm, sáu sáu bảy tám | dg:0934456678
N dg | mã số là hai mươi bảy, bốn mươi mốt, không chín | dg:274109
N dg | một một ba | dg:113
N dg | ờ… tôi không nhớ số ạ | ?
N dg | không tám tám một, hai nhăm, sáu bảy, tám chín | dg:0881256789
N dg | một trăm linh năm, hai trăm mười | dg:105210
N dg | không chín không một, không không hai, ba bốn năm | dg:0901002345
N dg | không hai bốn, ba tám hai sáu, năm không một bốn | dg:02438265014
N dg | nói lại giúp tôi cái | repeat
N dg | khong chin mot ba, bon nam sau, bay tam chin | dg:0913456789 | slip
N dg | không chín… [unk]… sáu tám | ? | slip
# -- menus: North -------------------------------------------------------------------------------
N main | tôi muốn học dùng điện thoại | opt:1
N main | cho tôi nghe cách tránh bị lừa | opt:2
N main | tôi muốn báo cái số lừa đảo | opt:3
N main | kiểm tra hộ tôi cái số lạ | opt:4
N main | tôi cần người giúp | opt:5
N main | ờ… cái thứ tư | opt:4
N main | không phải học đâu, tôi muốn báo lừa đảo | opt:3
N main | bao lua dao | opt:3 | slip
N tut | tôi muốn cài cái ứng dụng | opt:1
N tut | tạo tài khoản định danh điện tử | opt:2
N tut | sổ sức khoẻ | opt:3
N tut | đóng tiền điện | opt:4
N tut | làm thủ tục trên mạng | opt:5
N tut | tôi mới mua máy mới | opt:6
N tut | so suc khoe | opt:3 | slip
N tut | ờ… cái gì nhỉ… thôi tôi chả biết | ?
N scam | tôi lỡ chuyển tiền rồi | opt:1
N scam | có thằng giả công an gọi | opt:2
N scam | bên điện lực dọa cắt điện | opt:3
N scam | cái mã OTP ấy | opt:4
N scam | con tôi bị cấp cứu, người ta đòi tiền | opt:5
N scam | cảnh báo mới nhất | opt:6
N money | rồi, tôi lỡ chuyển cho nó mấy triệu rồi | opt:1
N money | chưa ạ, tôi chưa chuyển gì cả | opt:2
N money | có, tôi đọc mã cho nó mất rồi | opt:1
N money | không, tôi có đưa cái gì đâu | opt:2
N money | tôi đã báo ngân hàng rồi, giờ muốn kể lại | opt:3
N money | tôi muốn rút lại cái báo cáo hôm trước | opt:4
N money | chưa chuyển tiền, nhưng mà tôi có đọc mã cho nó rồi | opt:1
N money | ừm… tôi cũng chả nhớ là đã chuyển chưa | ?
N money | suýt thì chuyển, may mà chưa | opt:2
N review | giữ lại đi | opt:1
N review | gửi đi cháu | opt:1
N review | cho tôi nghe thử lời tôi vừa kể | opt:2
N review | thôi, tôi kể lại từ đầu | opt:3
N review | không giữ đâu | neg:1
N review | giu lai | opt:1 | slip
N who | nó bảo nó là công an | opt:1
N who | nó xưng là người của ngân hàng | opt:2
N who | không phải công an, nó bảo bên ngân hàng | opt:2
N who | bảo là bên điện | opt:3
N who | nó giả làm cháu tôi | opt:6
N step | ừ, làm xong rồi | opt:1
N step | được rồi, tiếp đi | opt:1
N step | chưa xong, đợi tí | notyet
N step | khó quá, tôi không làm được | opt:3
N step | cô nói chậm chậm hộ tôi | opt:2
N step | nhắc lại bước này | repeat
N step | xong rồi rồi | opt:1 | slip
N restart | cho tôi học lại từ đầu | opt:1
N restart | thôi, về mục chính | main_menu
N rkind | báo một cuộc gọi lừa đảo | opt:1
N rkind | tôi muốn rút cái báo cáo | opt:2
# -- yes/no: Centre (Huế, Quảng Nam – Đà Nẵng, Nghệ Tĩnh) ---------------------------------------
# read-back of a keyed number
C yn | đúng rồi o hỉ | yes
C yn | phải rồi, số nớ đó | yes
C yn | đúng chơ răng không | yes
C yn | nỏ phải, sai rồi | no
C yn | có mô, số tui bấm không phải rứa | no
C yn | mô có đúng | no
C yn | ờ… trật rồi, để tui bấm lại | no
C yn | khôn phải, khôn phải | no
C yn | không phải rứa mô | no
# resume offer
C yn | ừ, học tiếp chơ | yes
C yn | có, làm tiếp luôn | yes
C yn | thôi, chừ bận, bữa khác học | no
# quiz
C yn | nỏ nên, ai lại đi đọc mã cho hắn | no
C yn | nên chớ | yes
C yn | răng lại không nên, nên chớ | yes
C yn | nỏ có trả mô | no
C yn | đọc chi mà đọc | no
C yn | ừ, có, có nên chơ | yes
C yn | không… à mà có, có nên ghi ra | yes
C yn | dạ phải | yes
C yn | chắc rứa | ?
C yn | tui nỏ biết | ?
C yn | ừm… để tui hỏi thằng con đã | ?
# check another number
C yn | thôi, rứa được rồi, khỏi | no
C yn | có, tui còn một số nữa | yes
# asking again, other
C yn | chi rứa? | repeat
C yn | răng hè? nói lại đi o | repeat
C yn | cho tui về mục chính | main_menu
C yn | no co | ? | slip
C yn | đúngrồi | yes | slip
C yn | [unk] có | ? | slip
C yn | phải phải phải rồi | yes | slip
# -- digits: Centre -----------------------------------------------------------------------------
C dg | không chín một bốn, năm năm sáu, bảy bảy tám | dg:0914556778
C dg | số hắn là không tám hai một, ba mươi lăm, bốn mươi tư, chín chín | dg:0821354499
C dg | mã số: mười một, hai mươi hai, ba mươi ba | dg:112233
C dg | không ba chín, à không phải, không ba tám, một hai ba, bốn năm sáu bảy | dg:0381234567
C dg | nỏ nhớ số mô | ?
C dg | không hai ba bốn, ba tám hai, một năm sáu bảy | dg:02343821567
C dg | không chín bảy ba, ờ, sáu tư, hai mốt, năm lăm | dg:0973642155
C dg | hai trăm lẻ bảy, ba trăm lẻ chín | dg:207309
C dg | chi rứa, o nói lại đi | repeat
C dg | không chín một, hai hai hai, ba ba ba ba | dg:0912223333
C dg | mười lăm, hai lăm, ba lăm | dg:152535
C dg | hai chục, ba mốt, bốn lăm | dg:203145
C dg | khôngchín một hai, ba bốn năm, sáu bảy tám | dg:0912345678 | slip
C dg | [unk] không chín bốn, một hai ba, bốn năm sáu bảy | dg:0941234567 | slip
# -- menus: Centre ------------------------------------------------------------------------------
C main | tui muốn học cách xài điện thoại | opt:1
C main | mần răng cho khỏi bị lừa | opt:2
C main | tui bị lừa rồi, muốn báo cho tổng đài | opt:3
C main | có cấy số lạ gọi tui, tui muốn kiểm tra | opt:4
C main | số hai | opt:2
C main | nỏ biết chọn chi, cho tui gặp người giúp | opt:5
C main | tui muốn hỏi về cấy định danh | opt:1
C main | chọn chi cũng được | ?
C main | kiểm tra số [unk] | opt:4 | slip
C tut | tui muốn tải ứng dụng về | opt:1
C tut | tạo cấy VNeID | opt:2
C tut | lịch tiêm cho cháu | opt:3
C tut | trả tiền nác | opt:4
C tut | bài số năm | opt:5
C tut | mất điện thoại rồi | opt:6
C scam | tui bị lừa mất tiền rồi | opt:1
C scam | hắn xưng công an | opt:2
C scam | giả ngân hàng | opt:3
C scam | cấy đường link lạ | opt:4
C scam | đòi tiền gấp | opt:5
C scam | nghe tin mới | opt:6
C money | rồi, tui chuyển cho hắn rồi | opt:1
C money | chưa, chưa chi hết | opt:2
C money | nỏ có | opt:2
C money | có, hắn bảo cài cấy ứng dụng, tui cài rồi | opt:1
C money | mô có chuyển đồng mô | opt:2
C money | tui báo ngân hàng rồi, chừ muốn kể lại cuộc gọi | opt:3
C money | cho tui rút cấy báo cáo tê lại | opt:4
C money | có… à không, chưa, chưa chuyển | opt:2
C money | chắc chưa, mà tui cũng nỏ rõ | ?
C money | roi, chuyen roi | opt:1 | slip
C review | giữ lại cho tui | opt:1
C review | được rồi, gửi đi | opt:1
C review | nghe thử coi | opt:2
C review | tui nói lộn, cho kể lại | opt:3
C review | đừng gửi chi hết | neg:1
C who | hắn nói hắn là cán bộ | opt:1
C who | bên nhà mạng | opt:4
C who | thằng giao hàng | opt:5
C who | hắn rủ đầu tư kiếm tiền | opt:7
C who | nhân viên ngân hà ng | opt:2 | slip
C step | rồi, xong rồi | opt:1
C step | tiếp đi o | opt:1
C step | chưa, từ từ đã | notyet
C step | khoan, chưa xong mô | notyet
C step | tui mần nỏ được | opt:3
C step | nói chậm lại tê | opt:2
C step | tiep tuc | opt:1 | slip
C restart | học lại từ đầu chơ | opt:1
C restart | chọn bài khác | back
C rkind | báo cấy cuộc gọi ni | opt:1
C rkind | cho tui thu hồi báo cáo | opt:2
# -- yes/no: South ------------------------------------------------------------------------------
# read-back of a keyed number
S yn | dạ đúng rồi cô | yes
S yn | ờ, đúng rồi đó | yes
S yn | dạ phải, số đó đó | yes
S yn | chớ gì nữa, đúng rồi | yes
S yn | không có sai | yes
S yn | hổng phải, sai rồi | no
S yn | đâu có đúng đâu | no
S yn | trật lất rồi, cho bấm lại | no
# resume offer
S yn | ừ, học tiếp nghen | yes
S yn | có, làm tiếp đi con | yes
S yn | thôi, bữa khác đi | no
# quiz
S yn | hổng nên đâu | no
S yn | nên chớ sao | yes
S yn | ai mà khùng đi đọc mã cho nó | no
S yn | đâu có được | no
S yn | có chớ, ghi ra giấy cho chắc | yes
S yn | có… ờ lộn, hông, hông nên | no
S yn | hổng có đâu, tui hổng có trả | no
S yn | ừ nghen | yes
S yn | dạ đúng rồi nha | yes
S yn | chắc dzậy | ?
S yn | hông biết nữa | ?
S yn | phải hông ta? | ?
S yn | hổng phải hổng đúng, mà tui hổng nhớ | ?
S yn | ổng nói đúng mà bả nói sai | ?
# check another number
S yn | thôi khỏi, dzậy được rồi | no
S yn | ờ, còn số nữa nè | yes
# asking again, other
S yn | hả? nói lại coi | repeat
S yn | cho tui gặp tình nguyện viên nghen | volunteer
S yn | hong | no | slip
S yn | dạ dạ đúng đúng rồi | yes | slip
S yn | [unk] [unk] | ? | slip
S yn | hổng [unk] | ? | slip
# -- digits: South ------------------------------------------------------------------------------
S dg | số nó là không chín ba sáu, hăm mốt, băm hai, bốn lăm | dg:0936213245
S dg | không bảy không, tám tám tám, chín chín chín chín | dg:0708889999
S dg | dạ, không tám sáu, năm năm, ba ba, hai hai, một | dg:0865533221
S dg | mã số là một trăm lẻ một, hai trăm lẻ hai | dg:101202
S dg | hổng nhớ số đâu cô | ?
S dg | không chín tám bảy… lộn, không chín bảy tám, năm bốn ba, hai một không | dg:0978543210
S dg | dê rô chín không một, hai ba bốn, năm sáu bảy | dg:0901234567
S dg | không chín không hai, sáu bảy, tám chín, mười | dg:0902678910
S dg | nói lại coi, tui chưa nghe kịp | repeat
S dg | một tám không không, một hai ba bốn | dg:18001234
S dg | không ba hai, bốn bốn, năm năm, sáu sáu, bảy | dg:0324455667
S dg | chín chục, tám lăm, bảy mốt | dg:908571
S dg | khong tam tam ba, hai ba bon, nam sau bay | dg:0883234567 | slip
S dg | không chín một, [unk], năm sáu bảy | ? | slip
# -- menus: South -------------------------------------------------------------------------------
S main | chỉ tui dùng cái điện thoại với | opt:1
S main | chỉ cách né mấy vụ lừa đảo | opt:2
S main | báo cuộc gọi lừa đảo nè | opt:3
S main | coi giùm tui cái số lạ này | opt:4
S main | cái thứ năm | opt:5
S main | hổng phải kiểm tra, tui muốn rút lại báo cáo | opt:3
S main | tui hổng biết bấm cái nào | ?
S main | kiem tra so la | opt:4 | slip
S tut | cài cái app | opt:1
S tut | kích hoạt định danh | opt:2
S tut | khám bệnh | opt:3
S tut | trả tiền điện tiền nước | opt:4
S tut | dịch vụ công | opt:5
S tut | đổi điện thoại mới | opt:6
S tut | hoa don dien | opt:4 | slip
S scam | ổng xưng là công an | opt:2
S scam | nhà mạng nói khóa sim | opt:3
S scam | nó gửi link lạ | opt:4
S scam | người giao hàng | opt:5
S scam | có gì mới hông | opt:6
S scam | gia cong an | opt:2 | slip
S money | rồi, tui chuyển cho nó hết rồi | opt:1
S money | chưa có | opt:2
S money | hổng có | opt:2
S money | dạ có, tui có đọc cái mã cho ổng | opt:1
S money | đâu có, tui đâu có khờ | opt:2
S money | tui báo ngân hàng rồi, giờ muốn kể lại nè | opt:3
S money | rút lại cái báo cáo hồi bữa | opt:4
S money | chuyển rồi… mà hông, lộn, chưa chuyển, mới tính chuyển thôi | opt:2
S money | chua chuyen | opt:2 | slip
S review | giữ nghen | opt:1
S review | dạ gửi | opt:1
S review | cho tui nghe lại bản ghi | opt:2
S review | ghi lại dùm tui | opt:3
S review | hông gửi đâu | neg:1
S who | ổng xưng nhân viên nhà băng | opt:2
S who | bả nói bả là người quen | opt:6
S who | mời làm việc nhẹ lương cao | opt:7
S who | hổng rõ ai nữa | opt:8
S step | xong rồi nghen | opt:1
S step | làm rồi, tiếp đi | opt:1
S step | rồi, thì xong rồi đó | opt:1
S step | chưa xong nữa, chờ chút | notyet
S step | hổng hiểu gì hết trơn | opt:3
S step | nói chậm chậm dùm | opt:2
S step | quay lại bước hồi nãy | back
S step | xongrồi | opt:1 | slip
S restart | nghe lại từ đầu nghen | opt:1
S restart | về mục chính đi | main_menu
S rkind | báo lừa đảo nè | opt:1
S rkind | hổng báo, tui muốn rút lại | opt:2
"""
