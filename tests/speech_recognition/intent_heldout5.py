"""Fifth held-out table for speech.intents: written independently of the parser (its source, the
development table's rows and the other held-out tables' rows were not read; only the format, the
menus in ``intent_corpus.MENUS`` and the words in ``intent_corpus.PROPOSED``), from how elderly
callers of the North, Centre (Huế, Quảng Nam, Nghệ Tĩnh) and South answer a hotline. Measured
once, not tuned on. Same format as ``intent_corpus.py``: ``REGION CONTEXT | transcript |
expected [| tags]``; expected is what the caller meant, ``?`` where a careful operator would ask
again (hedges, "không biết", a deciding word lost to ``[unk]``).

Public sources for the dialect and number facts —
- North/South pairs (vâng/dạ, ừ/ờ, nghen, hông/hổng, lộn = nhầm, coi = xem, tui = tôi, dùm):
  https://www.webtretho.vn/f/doc-bao-gium-ban/khac-biet-thu-vi-trong-ngon-ngu-2-mien-bac-nam-1899331 ;
  https://quantrimang.com/cuoc-song/su-khac-nhau-trong-ngon-ngu-bac-nam-177473
- Nghệ Tĩnh words (nỏ = không, mô = đâu, răng = sao, chi = gì, rứa = thế, ni = này, cấy = cái,
  nác = nước, chơ = chứ, đọ = đấy, mần = làm): https://nghengu.vn/tu-dien-tieng-nghe/cac-tu-tieng-nghe-an-1073.html ;
  https://balocco.net/chi-mo-rang-rua-nghia-la-gi
- Huế words (o = cô, nớ = đó, khôn = không, chừ = bây giờ):
  http://cuoocjsoongs1.blogspot.com/2013/05/ai-muon-hoc-tieng-hue-ne1.html
- Quảng Nam – Đà Nẵng (tui, chi, ri, mô, hắn; vowel shifts): https://tiengmientrung.com/giong-quang-nam-da-nang ;
  https://nongnghiep.vn/tri-thuc-nong-dan/giong-quang-nam-d329277.html
- Rhetorical negation ("có … đâu", "đâu có", "làm gì có", "chẳng", "chả"):
  https://en.wiktionary.org/wiki/%C4%91%C3%A2u ; https://en.wiktionary.org/wiki/ch%E1%BA%A3
- Number words (mốt after 20, tư after 20, lăm/nhăm after 10/20, linh/lẻ for an empty tens place,
  Southern hăm = hai mươi and băm = ba mươi, numbers read in groups):
  https://en.wikipedia.org/wiki/Vietnamese_numerals ; https://vietnamese.nil.seattle.wa.us/numbers
- Recogniser slips: Vosk returns ``[unk]`` for a word outside the grammar
  (https://github.com/alphacep/vosk-api/issues/1339); typed or Twilio text may lack diacritics;
  syllables are split or merged at pauses.
"""
from __future__ import annotations

HELDOUT5 = """
# -- yes/no: North -----------------------------------------------------------------------------
N yn | vâng, đúng rồi ạ | yes
N yn | ừ, phải rồi, đúng cái số ấy | yes
N yn | ờ… có, có đấy | yes
N yn | thì đúng là thế còn gì | yes
N yn | có chứ lị | yes
N yn | không sai đâu, đúng số ấy | yes
N yn | không, à không, có, có ạ | yes
N yn | vâng… ý tôi là không ạ | no
N yn | không ạ, tôi không cho ai số đấy | no
N yn | chẳng có ai gọi đâu | no
N yn | làm gì có chuyện ấy | no
N yn | đâu có, tôi có bấm gì đâu | no
N yn | chưa ạ | no
N yn | ừm… không biết nữa | ?
N yn | để tôi hỏi con tôi đã | ?
N yn | có lẽ thế, tôi không nhớ rõ | ?
N yn | không phải là không có | ?
N yn | cô nói lại được không | repeat
N yn | thôi, cho tôi về menu chính | main_menu
N yn | khong | no | slip
N yn | có [unk] | ? | slip
# -- digits: North ------------------------------------------------------------------------------
N dg | không chín mốt hai, ba bốn năm, sáu bảy tám | dg:0912345678
N dg | không tám tám, hai mươi tư, năm sáu, bảy tám chín | dg:0882456789
N dg | một hai ba bốn năm sáu | dg:123456
N dg | ờ… bốn, bảy, ba, ừm, chín, hai | dg:47392
N dg | mười lăm, hai mươi mốt, ba mươi tư | dg:152134
N dg | một trăm linh năm | dg:105
N dg | hai mươi nhăm | dg:25
N dg | không chín tám, à nhầm, không chín bảy, sáu năm bốn | dg:097654
N dg | tôi không nhớ số | ?
N dg | năm năm năm, chín chín | dg:55599
N dg | không ba tám, bảy [unk] hai | ? | slip
N dg | mot hai ba bon | dg:1234 | slip
# -- menus: North -------------------------------------------------------------------------------
N main | tôi muốn báo một cuộc gọi lừa đảo | opt:3
N main | ờ… kiểm tra cái số lạ gọi cho tôi | opt:4
N main | số hai ạ | opt:2
N main | hướng dẫn tôi đóng tiền điện với | opt:1
N main | số năm, à không, số một | opt:1
N main | cảnh báo lừa đảo | opt:2 | flow
N main | tôi chẳng cần hướng dẫn, tôi muốn kiểm tra số | opt:4
N tut | cài cái ứng dụng | opt:1
N tut | con tôi mua cho cái điện thoại mới | opt:6
N tut | trả tiền nước thế nào | opt:4
N tut | ừm, lịch tiêm cho cháu | opt:3
N tut | dinh danh dien tu | opt:2 | slip
N scam | cái vụ giả công an gọi ấy | opt:1
N scam | người ta bảo con tôi cấp cứu | opt:6
N scam | người giao hàng gọi bảo nhận gói hàng | opt:7
N scam | có tin gì mới không | opt:8
N scam | mã otp ấy | opt:3 | flow
N scam | tôi không bấm đường link nào, tôi muốn nghe về ngân hàng | opt:2
N rkind | tôi muốn tố cáo | opt:1
N rkind | rút lại cái báo cáo hôm trước | opt:2
N rkind | không rút đâu, báo mới | opt:1
N who | bảo là cán bộ viện kiểm sát | opt:1
N who | nhân viên nhà băng | opt:2
N who | tự xưng là bên điện | opt:3 | flow
N who | người lạ, tôi không quen | opt:8
N who | rủ đầu tư kiếm tiền | opt:7
N who | ngân hàng, à nhầm, nhà mạng | opt:4
N who | nhà mạ ng | opt:4 | slip
N who | tôi không biết là ai | ?
N money | chuyển rồi, năm triệu | opt:1
N money | chưa, tôi chưa chuyển đồng nào | opt:2
N money | không có | opt:2 | flow
N money | tôi báo ngân hàng rồi | opt:3
N money | để tôi nghĩ đã | ?
N step | xong rồi, tiếp đi | opt:1
N step | chậm chậm thôi cháu ơi | opt:2
N step | khó quá, tôi không làm được | opt:3
N step | chưa xong | notyet:1
N step | chưa, đợi tí | notyet
N step | được rồi | opt:1 | flow
N step | nói lại cái bước vừa rồi | repeat
N restart | nghe lại từ đầu | opt:1
N restart | học lại từ đầu nhé | opt:1
N review | gửi đi | opt:1
N review | đừng gửi, cho tôi nghe thử đã | opt:2
N review | đừng gửi vội | neg:1
N review | ghi lại, tôi nói sai | opt:3
N review | được rồi, giữ lại | opt:1
# -- yes/no: Centre (Huế, Quảng Nam, Nghệ Tĩnh) -------------------------------------------------
C yn | dạ phải, đúng rồi o | yes
C yn | ờ, rứa là đúng rồi | yes
C yn | có chơ, răng lại không | yes
C yn | dạ có hỉ | yes
C yn | ừ, đúng số nớ | yes
C yn | vâng, đúng đọ | yes
C yn | nỏ phải, à mà phải, đúng rồi | yes
C yn | nỏ | no
C yn | nỏ có ai gọi mô | no
C yn | mô có, tui có đưa chi mô | no
C yn | khôn, tui khôn có đưa | no
C yn | không phải số ni | no
C yn | dạ không, chưa bao giờ | no
C yn | có… à nhầm, nỏ có | no
C yn | chừ tui cũng không biết nữa | ?
C yn | chắc rứa, mà tui không chắc | ?
C yn | răng? o nói chi? | repeat
C yn | nói lại cho tui nghe với o | repeat
C yn | no co | no | slip
C yn | dạ [unk] | ? | slip
# -- digits: Centre -----------------------------------------------------------------------------
C dg | không chín linh năm, hai hai hai, bốn bốn bốn | dg:0905222444
C dg | hai mươi mốt, ba mươi lăm | dg:2135
C dg | ờ… để tui coi đã, tám… sáu… ba | dg:863
C dg | mười, mười một, mười hai | dg:101112
C dg | một trăm lẻ tư | dg:104
C dg | bảy bảy, à không, bảy sáu | dg:76
C dg | tui nỏ nhớ | ?
C dg | không ba năm, sáu tám, chín không | dg:0356890
C dg | bốn mươi tư | dg:44
C dg | chi rứa? | repeat
C dg | chín chín [unk] một | ? | slip
C dg | mot tram linh mot | dg:101 | slip
# -- menus: Centre ------------------------------------------------------------------------------
C main | tui muốn báo lừa đảo | opt:3
C main | o chỉ tui cài ứng dụng tiêm chủng với | opt:1
C main | kiểm tra số điện thoại lạ ni | opt:4
C main | số hai hỉ | opt:2
C main | cho tui gặp người giúp | opt:5
C tut | mần răng đổi máy mới | opt:6
C tut | hóa đơn tiền điện | opt:4
C tut | cổng dịch vụ công | opt:5
C tut | cấy định danh | opt:2
C tut | tiem phong | opt:3 | slip
C scam | mấy đứa giả danh công an | opt:1
C scam | bên điện lực kêu cắt điện | opt:2
C scam | tụi hắn hỏi mật khẩu | opt:3
C scam | quét mã cấy chi đó | opt:4
C scam | tui lỡ chuyển tiền rồi | opt:5
C scam | cấy link lạ | opt:4 | flow
C rkind | báo cuộc gọi lừa | opt:1
C rkind | tui muốn thu hồi cái đơn | opt:2
C rkind | bao lua dao | opt:1 | slip
C who | hắn nói hắn là công an | opt:1
C who | cháu tui gọi | opt:6 | flow
C who | bên sim điện thoại | opt:4
C who | ai mô tui nỏ biết | ?
C who | người giao gói hàng | opt:5
C who | tiền nác | opt:3
C who | nỏ phải ngân hàng, công ty nước | opt:3
C money | rồi, chuyển rồi o | opt:1
C money | nỏ có | opt:2 | flow
C money | chưa, chưa mất đồng mô | opt:2
C money | tui muốn kể lại cuộc gọi | opt:3
C money | có, có chuyển | opt:1 | flow
C step | xong rồi o | opt:1
C step | nói chậm lại chút hỉ | opt:2
C step | nỏ làm được | opt:3 | flow
C step | chưa xong mô | notyet:1
C step | chưa, chờ tí | notyet
C step | bị vướng chỗ ni | opt:3
C step | trở lại bước trước | back
C restart | học lại từ đầu | opt:1
C restart | o cho tui nghe từ đầu nờ | opt:1
C review | giữ lại | opt:1
C review | nghe thử coi | opt:2
C review | đừng gửi, tui kể lại | opt:3
C review | khoan, đừng gửi | neg:1
# -- yes/no: South ------------------------------------------------------------------------------
S yn | dạ phải | yes
S yn | ờ, đúng rồi nghen | yes
S yn | dạ, có đó | yes
S yn | ừ, rồi rồi | yes
S yn | hổng phải, à lộn, phải | yes
S yn | đúng rồi chớ | yes
S yn | hông | no
S yn | hổng có đâu | no
S yn | có đâu, tui đâu có đưa số cho ai | no
S yn | làm gì có, tui hông có bấm | no
S yn | hổng phải vậy đâu | no
S yn | dạ hông, hổng có ai hết | no
S yn | có… lộn, hông có | no
S yn | hổng biết nữa | ?
S yn | chắc vậy á | ?
S yn | để tui coi lại cái đã | ?
S yn | hả? nói gì? | repeat
S yn | nói lại coi | repeat
S yn | cho tui gặp người thiệt đi | volunteer
S yn | dung roi | yes | slip
S yn | hôngphải | no | slip
# -- digits: South ------------------------------------------------------------------------------
S dg | không chín ba, hăm mốt, băm hai, bốn lăm | dg:093213245
S dg | một trăm lẻ năm | dg:105
S dg | không tám chín tư, sáu sáu, bảy bảy, tám tám | dg:0894667788
S dg | ờ… năm, hai, thì… một | dg:521
S dg | hai mươi lăm | dg:25
S dg | hông nhớ số nữa | ?
S dg | ba bốn, à lộn, ba năm | dg:35
S dg | mười chín, hai mươi | dg:1920
S dg | sáu mươi mốt | dg:61
S dg | nói lại dùm tui | repeat
S dg | hai [unk] không | ? | slip
S dg | khong chin bay | dg:097 | slip
# -- menus: South -------------------------------------------------------------------------------
S main | tui muốn kiểm tra số lạ | opt:4
S main | báo cáo cuộc gọi lừa gạt | opt:3
S main | phòng tránh lừa đảo nghen | opt:2
S main | cần người giúp | opt:5
S main | số một đó | opt:1
S main | hông phải báo, tui muốn tra số | opt:4
S tut | tải ứng dụng | opt:1
S tut | mất điện thoại rồi | opt:6
S tut | cái vụ làm thủ tục | opt:5
S tut | kích hoạt tài khoản | opt:2
S tut | điện nước | opt:4
S scam | mấy người xưng là viện kiểm sát | opt:1
S scam | nhà mạng kêu khóa sim | opt:2
S scam | tụi nó đòi mã otp | opt:3 | flow
S scam | tui bị lừa rồi, mất tiền | opt:5
S scam | con cháu gọi mượn tiền | opt:6
S scam | cảnh báo mới nhứt | opt:8
S rkind | trình báo | opt:1
S rkind | rút lại | opt:2
S rkind | số hai nghen | opt:2
S who | tự xưng cán bộ nhà nước | opt:1
S who | con tôi | opt:6 | flow
S who | bên ngân hàng, à lộn, bên điện lực | opt:3
S who | người ta rủ việc nhẹ lương cao | opt:7
S who | ai khác | opt:8
S who | hổng biết ai nữa | ?
S who | ngan hang | opt:2 | slip
S money | rồi, tui chuyển rồi | opt:1
S money | hổng có | opt:2 | flow
S money | chưa có chuyển | opt:2
S money | báo ngân hàng rồi | opt:3
S money | hông có chuyển đồng nào | opt:2
S money | mat tien roi | opt:1 | slip
S step | xong rồi đó | opt:1
S step | nói chậm chậm dùm | opt:2
S step | hông làm được | opt:3 | flow
S step | chưa xong nghen | notyet:1
S step | khoan, chưa | notyet
S step | rồi | opt:1 | flow
S step | tiếp đi | opt:1
S restart | nghe lại từ đầu nghen | opt:1
S restart | cho tui học lại | opt:1
S review | gửi đi nghen | opt:1
S review | nghe lời kể coi | opt:2
S review | hổng gửi đâu | neg:1
S review | nói lại từ đầu | opt:3
"""
