"""Name lists for the synthetic population: given names by sex and origin group, family/clan
names, titles, nicknames and spelling variants. Data only; ``naming.py`` draws from them.

The lists are written as whitespace-separated tokens (one name token each); multi-token names
are formed by the drawing code. Spelling is the modern (EYD) one: ``naming`` and ``errors``
produce the old spelling (Soetrisno, Djoko, Tjahjono) as a source error.
"""

from __future__ import annotations

import numpy as np


def _pool(text: str) -> np.ndarray:
    return np.array(text.split(), dtype=object)


# Origin groups (household level) and their shares in Bandar Lampung (approximate).
JAWA, SUNDA, LAMPUNG, BATAK, MINANG, TIONGHOA, BALI, BUGIS, MUSLIM, KRISTEN = range(10)
GROUP_NAMES = (
    "jawa", "sunda", "lampung", "batak", "minang", "tionghoa", "bali", "bugis", "muslim",
    "kristen",
)  # fmt: skip
GROUP_SHARES = np.array([0.36, 0.10, 0.16, 0.05, 0.07, 0.06, 0.02, 0.03, 0.12, 0.03])
# Where people of each group born outside the region come from (keys of regions.PLACES),
# with weights.
GROUP_ORIGINS: tuple[tuple[tuple[str, float], ...], ...] = (
    (("jawa", 0.7), ("lampung", 0.3)),
    (("sunda", 0.8), ("lampung", 0.2)),
    (("lampung", 1.0),),
    (("batak", 0.85), ("lampung", 0.15)),
    (("minang", 0.85), ("lampung", 0.15)),
    (("sumatra", 0.5), ("jawa", 0.2), ("lampung", 0.3)),
    (("bali", 0.7), ("lampung", 0.3)),
    (("bugis", 0.8), ("lampung", 0.2)),
    (("sumatra", 0.5), ("lampung", 0.5)),
    (("kristen", 0.6), ("jawa", 0.2), ("lampung", 0.2)),
)
# Share of adults born outside the region, by group.
GROUP_MIGRANT = np.array([0.5, 0.6, 0.25, 0.65, 0.65, 0.35, 0.65, 0.65, 0.45, 0.6])

# Religions (only names and livestock depend on them; the form records none).
ISLAM, KRISTEN_R, HINDU, BUDDHA = range(4)
# P(religion | group), rows in group order, columns ISLAM, KRISTEN, HINDU, BUDDHA.
GROUP_RELIGION = np.array(
    [
        [0.95, 0.05, 0.0, 0.0],
        [0.99, 0.01, 0.0, 0.0],
        [0.99, 0.01, 0.0, 0.0],
        [0.35, 0.65, 0.0, 0.0],
        [1.0, 0.0, 0.0, 0.0],
        [0.05, 0.55, 0.0, 0.40],
        [0.03, 0.04, 0.93, 0.0],
        [0.99, 0.01, 0.0, 0.0],
        [1.0, 0.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0],
    ]
)

# --- Javanese -----------------------------------------------------------------------------
JAWA_SINGLE_M = _pool("""
Sutrisno Sugiyanto Suparman Sukirman Suyatno Sumarno Wagiman Paimin Sarijo Kasmin Tukiman
Slamet Sumadi Suwarno Sugeng Karyadi Mulyono Parjo Rusdi Samijo Wiyono Sukardi Sutarman
Harjono Sunarto Suwito Paiman Kardi Sumardi Tarmuji Daryono Legiman Sardi Ngadiman Tumijo
Warsito Subagyo Supriyadi Triyono Giyono Sadimin Marsono Sukamto Suroso Purwanto Darmaji
Sartono Kamijo Wagimin Sukimin Jumadi Ponijan Tugiman Senen Sarimin Rebo Kusnadi
""")
JAWA_SINGLE_F = _pool("""
Sumiyati Tukiyem Painem Sarinah Suparmi Tumini Sainem Kasiyem Ngatinah Sumini Wagiyem
Partini Sukarti Surtini Sulastri Suwarni Jumiati Karsinah Legini Mujiyem Parmi Rukmini
Sukinah Sutinah Tumirah Sriyatun Rusmini Samini Wartini Kartini Suminah Yatmi Sugiyem Paijah
Ginah Marsinah Suyatmi Rubiyah Kastini Sumarni Daliyem Warsinah Poniyem Sutini Jariyah
""")
JAWA_FIRST_M = _pool("""
Agus Budi Bambang Eko Dwi Tri Joko Hadi Heru Bayu Rudi Dedi Anton Arif Andi Teguh Wahyu Yudi
Sigit Hendro Didik Slamet Adi Bagus Yoga Dimas Ari Catur Setyo Rahmat Totok Gunawan Widodo
Sapto Imam Nur Sugeng Haryo Wawan Edi Hari Iwan Joni Puji Rochmat Sutrisno Yanto Prasetyo
""")
JAWA_SECOND_M = _pool("""
Santoso Susanto Prasetyo Setiawan Wibowo Nugroho Purnomo Hidayat Saputro Kurniawan Hartono
Sulistyo Prabowo Wicaksono Utomo Raharjo Gunawan Sutrisno Suryadi Pranoto Mulyono Handoko
Wijayanto Cahyono Haryanto Yulianto Susilo Wahyudi Riyanto Sujatmiko Budiman Rahmanto
Setyawan Widodo Darmawan Kuncoro Priyanto Sutanto Hermawan Irawan Supriyanto Santosa
""")
JAWA_FIRST_F = _pool("""
Sri Dwi Tri Endang Siti Rina Yuli Dewi Ani Eni Lilik Tutik Wahyu Ratna Nur Indah Puji Retno
Ika Eka Sulis Rini Wulan Ayu Diah Anik Umi Titik Yuni Tatik Dian Erna Wiwik Kurnia Endah Woro
Sih Ning Rahayu Susi Tari Yanti Sumi Heni Rita Nanik
""")
JAWA_SECOND_F = _pool("""
Wahyuni Lestari Rahayu Handayani Utami Susanti Suryani Mulyani Sulistyowati Rahmawati
Wulandari Kusumawati Purwanti Setyowati Astuti Hartati Suprihatin Fitriani Anggraini Prihatin
Yuliani Wijayanti Pratiwi Ningsih Suciati Widayati Sukesih Hastuti Indrawati Budiarti
Nurhayati Kurniasih Wardani Sumarni Setyaningsih Kartikasari Puspitasari Damayanti Ernawati
Susilawati Haryanti Mulyaningsih Rahmadani
""")

# --- Sundanese ----------------------------------------------------------------------------
SUNDA_FIRST_M = _pool("""
Asep Dede Ujang Cecep Dadang Deden Ade Agus Aep Endang Iwan Usep Yayan Dadan Engkus Wawan
Rohmat Encep Ayi Acep Hendi Jajang Nandang Otong Oman Yana Dodi Apip Aang Dedi Ruhiyat Maman
Enjang Ajat Cucu Rahmat Ujang Iyus Kusnadi
""")
SUNDA_SECOND_M = _pool("""
Saepudin Sunarya Hidayat Permana Mulyana Ruhiyat Gunawan Suhendar Kusnadi Supriatna Setiadi
Sobari Rustandi Sopandi Rahmat Somantri Wiguna Sudrajat Kurniawan Firmansyah Suryana
Hermawan Saputra Nugraha Ramdani Sukmana Ridwan Maulana Kosasih Rosadi Sutisna Gumilar
""")
SUNDA_FIRST_F = _pool("""
Euis Iis Neneng Cucu Yayah Enung Entin Imas Nining Lilis Ai Elis Titin Nenden Dewi Tati Yeti
Iin Cicih Ela Teti Rina Yuyun Kokom Ratna Eti Nunung Wiwin Nani Mimin Ikah Enok Rohaeti
""")
SUNDA_SECOND_F = _pool("""
Komalasari Rohaeti Kurniasih Sumiati Nurhasanah Rahmawati Herawati Yulianti Mulyati Suryani
Sutarsih Hasanah Fitriani Rosita Kusmiati Sopiah Karwati Nurlaela Rostini Nuraeni Supriatin
Sukaesih Lestari Rohimah Cahyati Wulansari Mardiah Juwita Rosmiati Nurjanah Sulastri
""")

# --- Lampung / Malay Muslim -----------------------------------------------------------------
LAMPUNG_FIRST_M = _pool("""
Rusli Herman Syahrial Zulkarnain Hendri Irwan Azwar Fauzi Ismail Yusuf Abdullah Kamaluddin
Romli Hasan Husin Effendi Zainal Arsyad Hermansyah Rizal Zulkifli Syamsul Edwar Marzuki Helmi
Darwis Bahrudin Nasrullah Sofyan Burhanuddin Mansyur Azhari Rahmat Zainudin Hasbullah
Firdaus Alamsyah Irsan Khairul Rustam Heriyanto Joni Yusran Ansyori Sahril
""")
LAMPUNG_SECOND = _pool("""
Hadi Rifai Hamid Saleh Nawawi Zainuddin Syahri Ansori Hasyim Basri Ramli Rozali Mahmud Arifin
Syahbana Yunus Husni Ridho Anwar Hakim Effendi Syahputra Hamzah Umar Yahya Ibrahim Rasyid
Husin Toha Amin
""")
LAMPUNG_FIRST_F = _pool("""
Rosmiati Nurhayati Zuraida Yusnani Hasanah Masitoh Rosita Nuraini Erlina Mardiana Helmiyati
Yusnaini Rohimah Rosidah Fatmawati Zubaidah Maisaroh Syamsiah Herlina Yulia Zuhriyah Nurbaiti
Asmawati Hayati Kholilah Rusmini Juairiah Emilia Darmiati Rohana Yusmaniar Sumarni Nurjanah
Rosnani Asnah Jamilah Fitri Hartini Yenni Nurlela Zahara Salamah
""")

# --- Batak ----------------------------------------------------------------------------------
BATAK_FIRST_M = _pool("""
Tumpal Parlindungan Hotman Poltak Togar Sahat Marojahan Bonar Robert Jhonson Rudolf Benny
Daniel Jonathan Hotlan Maruli Martua Pardamean Tigor Sabar Binsar Roy Hendrik Herbert Lamhot
Parulian Rianto Torang Manahan Frans Gomgom Hasiholan Ramot Jhoni Sintong Wilson Darwin
Tongam Andreas Ronald Saut Janter Freddy
""")
BATAK_FIRST_F = _pool("""
Rosmawati Tiurma Rotua Lasma Romauli Dameria Nurmala Rosdiana Lamria Hotnida Sondang Mariani
Rumiris Tiominar Dorkas Lestiana Elfrida Netty Rosida Juliana Erika Martha Risma Roslina
Masniari Rugun Tetty Duma Rohani Herlina Lenny Ruth Hotmauli Megawati Nurhayati Sarma Tiamsa
""")
BATAK_MARGA = _pool("""
Siregar Simanjuntak Sitorus Simatupang Hutapea Pardede Panjaitan Sinaga Situmorang Manurung
Tambunan Sihombing Silalahi Sitompul Simbolon Nainggolan Siahaan Hutagalung Hutabarat
Marpaung Pasaribu Sianipar Napitupulu Damanik Purba Saragih Ginting Tarigan Sembiring
Sinulingga Aritonang Gultom Lumbantobing Butarbutar Samosir Sidabutar Simamora Sitanggang
""")
MANDAILING_MARGA = _pool("""
Nasution Lubis Harahap Siregar Rangkuti Pulungan Batubara Daulay Hasibuan Pohan Dalimunthe
Ritonga Matondang Parinduri Tanjung Nasution Lubis Harahap
""")

# --- Minangkabau ----------------------------------------------------------------------------
MINANG_FIRST_M = _pool("""
Afrizal Yusrizal Zulfahmi Syafrizal Novrizal Erizal Hendrizal Yulizar Zulkifli Irwandi
Darmawi Jasrizal Asrul Syafrudin Mukhlis Rahmadi Fadli Defrizal Gusrizal Ferdinal Amrizal
Masrul Syahrul Hamdani Nofrizal Khairul Riswandi Desrizal Yondri Efendi Irwan Armen Basri
""")
MINANG_FIRST_F = _pool("""
Yusnita Desmawati Nofriyanti Rahmadani Elfi Yulinar Rosnida Yusniar Fitri Mardiana Nurhasni
Erniwati Asmaniar Syofia Elvira Yeni Gusmaniar Hasnidar Nelvi Rosmaniar Nurlela Yusmarni
Desi Roswita Ermawati Zurnelis Lismawati Yuliarti Elmida Afrida Yusra Nelmawati
""")

# --- Chinese-Indonesian ---------------------------------------------------------------------
TIONGHOA_FIRST_M = _pool("""
Hendra Budi Andi Kevin Steven Michael Yohanes Felix Vincent Hartono Sutanto Johan Wilson
Ferry Edwin Robert Eddy Rudy Henry Jimmy Tommy William Daniel Antonius Hengky Aldo Ivan Kelvin
Sugianto Darwin Yongki Suwandi Agus Ricky Hansen Teddy Rinaldi Benny Alvin
""")
TIONGHOA_FIRST_F = _pool("""
Jessica Stefani Lilis Meliana Yuliana Fransiska Linda Susan Cindy Natalia Lily Lanny Erlina
Vivian Meiliana Fenny Vera Shinta Lisa Monica Grace Angeline Veronika Juliana Silvia Yenny
Sherly Jenny Irene Wenny Dewi Maria Anita Lusiana Sinta Yessica Merry
""")
TIONGHOA_SURNAME = _pool("""
Wijaya Gunawan Halim Salim Santoso Tanoto Tanjaya Hartono Susanto Kusuma Lim Tan Lie Gozali
Sugianto Widjaja Tjandra Setiadi Tanuwijaya Hidayat Sutanto Liem Oei Chandra Kurniawan Winata
Sanjaya Hermanto Budiman Kartawijaya Lukito Wibisono Tanujaya Lukman Hadinata Gunadi
""")

# --- Balinese -------------------------------------------------------------------------------
BALI_ORDER = (
    ("Wayan", "Putu", "Gede"),
    ("Made", "Kadek", "Nengah"),
    ("Nyoman", "Komang"),
    ("Ketut",),
)
BALI_ORDER_WEIGHTS = np.array([0.36, 0.30, 0.20, 0.14])
BALI_GIVEN_M = _pool("""
Suarta Sudarma Wirawan Astawa Sukerta Darma Adnyana Mahendra Sudiarta Widana Artawan Suparta
Ariawan Budiasa Sukadana Wiratama Santika Arimbawa Putra Sumerta Dharmawan Suardana Yasa
Mertayasa Sutama Gunarta Wisnawa Arsana
""")
BALI_GIVEN_F = _pool("""
Astuti Suartini Sukmawati Ariani Wahyuni Sumiati Suryani Darmayanti Yuliantari Sriasih Sukerti
Purnamasari Wulandari Ardani Kartika Puspita Lestari Widiastuti Juliantari Wirayanti Astiti
Sumerti Sudiani Rusmini Suwitri Ratnadi
""")

# --- Bugis ----------------------------------------------------------------------------------
BUGIS_FIRST_M = _pool("""
Arsyad Hasanuddin Syamsul Rahman Amiruddin Jamaluddin Baharuddin Syahrir Muhtar Nasruddin
Jufri Takdir Irfan Asri Hamzah Kaharuddin Nurdin Sudirman Syamsuddin Rusdi Ambo Baso Ansar
Bahtiar Ridwan Alimuddin Haeruddin Mustari Saharuddin Idris Rahmat
""")
BUGIS_FIRST_F = _pool("""
Hasnah Nurhaeda Rostina Hasmiati Nurhayati Hadijah Ramlah Sumarni Hasni Kartini Jumiati
Asmawati Rosmini Satriani Nurbaya Marwah Rahmatia Hijrah Musdalifah Murni Nuraeni Irmawati
Nurjannah Suriani Mardiana Hasmawati Sitti Ratna Darmawati
""")

# --- Muslim / Arabic ------------------------------------------------------------------------
MUSLIM_FIRST_M = _pool("""
Ahmad Abdullah Ali Hasan Husein Umar Usman Yusuf Ibrahim Ismail Ilham Rizki Fauzi Hafiz Fikri
Arif Zaki Ridwan Fadli Hamzah Ikhsan Khoirul Lukman Taufik Syaiful Yahya Zulkifli Fahmi Rafi
Ilyas Faisal Hanif Rahmat Habib Iqbal Amir Salim Anas Sholeh Mahfud Nasir
""")
MUSLIM_SECOND_M = _pool("""
Rahman Hakim Aziz Hidayat Ramadhan Fadhil Fauzan Hidayatullah Maulana Firdaus Syahputra
Alfarizi Rasyid Akbar Mubarok Anshori Hamdani Nurdin Saifullah Baihaqi Farhan Ridho Amin
Syarif Hanafi Abdillah Fathoni Zulkarnain Ihsan Munawar Hasyim Mustofa
""")
MUSLIM_FIRST_F = _pool("""
Fatimah Aisyah Khadijah Zahra Aminah Maryam Halimah Hafsah Zainab Rahmah Annisa Nurul Ulfa
Laila Salma Rukayah Fitri Hikmah Syarifah Azizah Latifah Inayah Mardhiyah Rabiah Nadia Husna
Izzah Sakinah Masruroh Umi Zulfa Nafisah
""")
MUSLIM_SECOND_F = _pool("""
Aisyah Aini Hidayah Fadilah Rahmawati Nurjanah Khoiriyah Maulida Azizah Hasanah Zulaikha
Munawaroh Saadah Hamidah Mutmainah Kamilah Nabila Syafitri Ramadhani Humaira Safitri Amalia
Fauziah Barokah Jannah Khasanah Rohmah Solihah Muthmainnah Zakiyah
""")
# Prefixes of Muslim names ("Muhammad Rizki", "Siti Aminah", "Nur Hidayah") and their shares.
MUSLIM_PREFIX_M = (("Muhammad", 0.13), ("Ahmad", 0.05), ("Abdul", 0.02))
MUSLIM_PREFIX_F = (("Siti", 0.11), ("Nur", 0.05))
ABDUL_SECOND = _pool("Rahman Aziz Hakim Karim Malik Rahim Ghani Wahab Latif Majid Kadir Halim")

# --- Christian ------------------------------------------------------------------------------
KRISTEN_FIRST_M = _pool("""
Yohanes Paulus Petrus Stefanus Markus Andreas Yosef Fransiskus Agustinus Antonius Matius
Lukas Thomas Gregorius Yakobus Mikael Benediktus Kristian Timotius Simon Filipus Bernardus
Ignatius Alexander Dominikus Hendrikus Robertus Yulius Vinsensius Daniel Samuel Yosua Imanuel
Natanael Elias
""")
KRISTEN_FIRST_F = _pool("""
Maria Agnes Theresia Kristina Veronika Elisabet Margaretha Yohana Katarina Lusia Magdalena
Fransiska Anastasia Sesilia Debora Ester Ribka Rut Febiola Yosephine Melania Angela
Bernadeta Monika Priskila Natalia Gloria Klara Helena Susana Yuliana Agustina Rosalia Dorothea
""")
KRISTEN_SURNAME = _pool("""
Lumenta Rumondor Tumbelaka Wowor Sumampouw Pangemanan Mandagi Kaunang Runtuwene Manafe Ndun
Bria Seran Fernandez Pareira Lay Tefa Halawa Zebua Laoli Rumbiak Sinaga Purba Wenas Tuwo
""")

# --- Modern names (born 1995 and later, Muslim-majority groups) ------------------------------
MODERN_FIRST_M = _pool("""
Rizky Aditya Dimas Fajar Rafi Alif Arkan Kenzie Alvaro Raka Farel Daffa Gilang Bima Satria
Rendy Reza Yoga Ilham Raffa Naufal Zidan Azka Fathan Abimanyu Galih Haikal Bagas Dafa Rangga
Akbar Aldi Hafiz Rayyan Adam Arsenio Keenan Kaisar Fikri Andika Ferdi Rizal Danu Rehan
""")
MODERN_SECOND_M = _pool("""
Pratama Saputra Ramadhan Maulana Firmansyah Nugraha Wijaya Putra Hidayat Alfarizi Akbar
Permana Kurniawan Setiawan Syahputra Hakim Prasetya Mahendra Aditama Febrian Wicaksana
Ardiansyah Rizqullah Pradana Kusuma Ananda Dirgantara Erlangga Setiadi
""")
MODERN_FIRST_F = _pool("""
Nabila Aurelia Keisha Zahra Naura Salsabila Alya Aisyah Kayla Putri Anisa Dinda Amelia Aulia
Citra Fitria Nadia Syifa Adinda Anindya Khanza Nayla Azzahra Shafa Raisa Cantika Intan Tiara
Fadhila Aqila Hana Elvina Almira Kirana Zaskia Vania Olivia Dwi Tri Ayu Dea Rahma Novita
""")
MODERN_SECOND_F = _pool("""
Putri Rahmadani Azzahra Aulia Safitri Ramadhani Maharani Salsabila Permatasari Lestari
Anggraini Oktaviani Febriani Nurhaliza Septiani Kirana Amalia Khairunnisa Zahira Pramesti
Ayuningtyas Cahyani Wulandari Saraswati Novitasari Aprilia Rahmawati Puspitasari Kartika
""")

# --- Titles ---------------------------------------------------------------------------------
HAJI_M, HAJI_F, HAJI_LAMPUNG = "H.", "Hj.", "Hi."
# Degree titles by sector (codes.LAPANGAN_USAHA English label) for a bachelor (D4/S1).
S1_BY_SECTOR: dict[str, tuple[str, ...]] = {
    "Education services": ("S.Pd", "S.Pd", "S.Pd.I"),
    "Health services": ("S.Kep", "S.KM", "S.Farm"),
    "Finance and insurance": ("S.E.", "S.E.", "S.Ak"),
    "Trade": ("S.E.",),
    "Public and personal services": ("S.H.", "S.Sos", "S.IP", "S.E."),
    "Information and communication": ("S.Kom", "S.T."),
    "Construction": ("S.T.",),
    "Manufacturing": ("S.T.", "S.E."),
    "Electricity and gas": ("S.T.",),
    "Food crops": ("S.P.",),
    "Estate crops": ("S.P.",),
}
S1_DEFAULT = ("S.E.", "S.H.", "S.Sos", "S.Pd", "S.Kom", "S.T.", "S.Ag")
S2_SUFFIX = ("M.M.", "M.Pd", "M.Si", "M.H.", "M.Kes")
D3_SUFFIX = "A.Md"
OLD_S1_PREFIX_M, OLD_S1_PREFIX_F, ENGINEER_PREFIX, DOCTOR_PREFIX = "Drs.", "Dra.", "Ir.", "dr."
ALL_PREFIX_TITLES = frozenset(
    {HAJI_M, HAJI_F, HAJI_LAMPUNG, OLD_S1_PREFIX_M, OLD_S1_PREFIX_F, ENGINEER_PREFIX, DOCTOR_PREFIX}
)

# --- Spelling variants and nicknames (used by errors.py) --------------------------------------
MUHAMMAD_VARIANTS = (
    "Muhammad", "Muhamad", "Mohammad", "Mohamad", "Moh.", "M.", "Mochammad", "Muh.", "Mhd.",
)  # fmt: skip
AHMAD_VARIANTS = ("Ahmad", "Achmad", "Akhmad")
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Hermawan": ("Wawan",), "Kurniawan": ("Wawan",), "Setiawan": ("Wawan",),
    "Irawan": ("Wawan",), "Rahmat": ("Mamat",), "Slamet": ("Memet", "Met"),
    "Supriyadi": ("Pri",), "Sugiyanto": ("Giyanto", "Yanto"), "Haryanto": ("Yanto",),
    "Riyanto": ("Yanto",), "Yulianto": ("Yanto",), "Suhendar": ("Hendar",),
    "Abdullah": ("Dullah",), "Yusuf": ("Ucup",), "Sutrisno": ("Tris",), "Bambang": ("Bams",),
    "Agus": ("Gus",), "Wahyudi": ("Yudi",), "Suryadi": ("Adi",), "Sudirman": ("Dirman",),
    "Hasanuddin": ("Udin",), "Saepudin": ("Udin",), "Jamaluddin": ("Udin",),
    "Kamaluddin": ("Udin",), "Zainudin": ("Udin",), "Hidayat": ("Dayat",),
    "Zulkifli": ("Zul",), "Syahrial": ("Ial",), "Parlindungan": ("Lindung",),
    "Fransiskus": ("Frans",), "Yohanes": ("Anes", "Jo"), "Jonathan": ("Jo",),
    "Fransiska": ("Siska",), "Agustina": ("Tina",), "Kristina": ("Tina",),
    "Margaretha": ("Retha",), "Elisabet": ("Lisa",), "Veronika": ("Vero",),
    "Nurhayati": ("Yati",), "Sumiyati": ("Yati",), "Rahmawati": ("Wati",),
    "Susilawati": ("Susi",), "Lestari": ("Tari",), "Wahyuni": ("Yuni",),
    "Handayani": ("Yani",), "Fitriani": ("Fitri",), "Yuliana": ("Yuli",),
    "Rosmawati": ("Ros",), "Rahayu": ("Ayu",), "Kartini": ("Tini",), "Ratna": ("Nana",),
    "Muhammad": ("Mamad",), "Ahmad": ("Amat",), "Gunawan": ("Gun",),
    "Sulistyowati": ("Lis",), "Purwanti": ("Wanti",), "Nurjanah": ("Nur",),
}  # fmt: skip


# --- Addresses ------------------------------------------------------------------------------
def _streets(text: str) -> np.ndarray:
    """Street names; underscores join the words of one name."""
    return np.array([word.replace("_", " ") for word in text.split()], dtype=object)


STREETS = _streets(
    """
Teuku_Umar Z.A._Pagar_Alam Kartini Raden_Intan Pramuka Sultan_Agung Imam_Bonjol Antasari
Soekarno-Hatta Yos_Sudarso Diponegoro Wolter_Monginsidi Gatot_Subroto Ki_Maja Hayam_Wuruk
Gajah_Mada Pangeran_Diponegoro Cut_Nyak_Dien Jend._Sudirman Ahmad_Yani Ikan_Tenggiri
Ikan_Bawal Laksamana_Malahayati Way_Halim Way_Sekampung Way_Semangka Bumi_Manti Kopi Cengkeh
Lada Durian Nangka Rambutan Mangga Kelapa Sawo Jambu Pisang Melati Mawar Anggrek Kenanga
Flamboyan Cempaka Dahlia Tulip Teratai Kamboja Manggis Salak Pepaya Belimbing Pulau_Legundi
Pulau_Sebesi Pulau_Tegal Pulau_Pisang Ratu_Dibalau Nusantara Pattimura Hasanuddin
Sisingamangaraja Veteran Padat_Karya Swadaya Gotong_Royong Bougenville Dr._Susilo Dr._Warsito
Pagar_Alam Sentot_Alibasa Urip_Sumoharjo Tamin Kesehatan Pendidikan
"""
)
STREET_KIND = (("Jl.", 0.7), ("Gg.", 0.3))
DUSUN_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
