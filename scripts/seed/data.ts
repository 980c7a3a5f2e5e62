/**
 * What the seed draws from: Omani names (Arabic and their usual English transliterations),
 * where people live, what they do, and what smart-city lectures are called. Plain data; the
 * choices are made in generate.ts with the seeded streams of random.ts.
 */

/** A name as Omanis write it, and as they usually transliterate it. */
export interface Bilingual {
  ar: string;
  en: string;
}

export const maleFirstNames: readonly Bilingual[] = [
  { ar: 'محمد', en: 'Mohammed' },
  { ar: 'أحمد', en: 'Ahmed' },
  { ar: 'سالم', en: 'Salim' },
  { ar: 'سعيد', en: 'Saeed' },
  { ar: 'خالد', en: 'Khalid' },
  { ar: 'علي', en: 'Ali' },
  { ar: 'حمد', en: 'Hamad' },
  { ar: 'ناصر', en: 'Nasser' },
  { ar: 'سيف', en: 'Saif' },
  { ar: 'سلطان', en: 'Sultan' },
  { ar: 'عبدالله', en: 'Abdullah' },
  { ar: 'يوسف', en: 'Yousuf' },
  { ar: 'هلال', en: 'Hilal' },
  { ar: 'خليفة', en: 'Khalifa' },
  { ar: 'مازن', en: 'Mazin' },
  { ar: 'فيصل', en: 'Faisal' },
  { ar: 'طارق', en: 'Tariq' },
  { ar: 'بدر', en: 'Badr' },
  { ar: 'عمر', en: 'Omar' },
  { ar: 'حمود', en: 'Hamood' },
  { ar: 'راشد', en: 'Rashid' },
  { ar: 'سليمان', en: 'Sulaiman' },
  { ar: 'ماجد', en: 'Majid' },
  { ar: 'هيثم', en: 'Haitham' },
  { ar: 'إبراهيم', en: 'Ibrahim' },
  { ar: 'جمعة', en: 'Juma' },
  { ar: 'عيسى', en: 'Issa' },
  { ar: 'مبارك', en: 'Mubarak' },
  { ar: 'زاهر', en: 'Zahir' },
  { ar: 'عادل', en: 'Adil' },
  { ar: 'أنس', en: 'Anas' },
  { ar: 'مروان', en: 'Marwan' },
  { ar: 'قيس', en: 'Qais' },
  { ar: 'وليد', en: 'Waleed' },
  { ar: 'منذر', en: 'Munther' },
  { ar: 'يعقوب', en: 'Yaqoob' },
  { ar: 'عبدالرحمن', en: 'Abdulrahman' },
  { ar: 'حارث', en: 'Harith' },
  { ar: 'مصطفى', en: 'Mustafa' },
  { ar: 'تركي', en: 'Turki' },
];

export const femaleFirstNames: readonly Bilingual[] = [
  { ar: 'فاطمة', en: 'Fatma' },
  { ar: 'مريم', en: 'Maryam' },
  { ar: 'عائشة', en: 'Aisha' },
  { ar: 'زينب', en: 'Zainab' },
  { ar: 'نورة', en: 'Noora' },
  { ar: 'شيماء', en: 'Shaima' },
  { ar: 'أسماء', en: 'Asma' },
  { ar: 'خديجة', en: 'Khadija' },
  { ar: 'سارة', en: 'Sara' },
  { ar: 'ريم', en: 'Reem' },
  { ar: 'منى', en: 'Muna' },
  { ar: 'هدى', en: 'Huda' },
  { ar: 'بشرى', en: 'Bushra' },
  { ar: 'أمل', en: 'Amal' },
  { ar: 'ليلى', en: 'Laila' },
  { ar: 'سلمى', en: 'Salma' },
  { ar: 'رحمة', en: 'Rahma' },
  { ar: 'وفاء', en: 'Wafa' },
  { ar: 'إيمان', en: 'Eman' },
  { ar: 'ندى', en: 'Nada' },
  { ar: 'روان', en: 'Rawan' },
  { ar: 'ملاك', en: 'Malak' },
  { ar: 'جميلة', en: 'Jamila' },
  { ar: 'عزة', en: 'Azza' },
  { ar: 'شمسة', en: 'Shamsa' },
  { ar: 'موزة', en: 'Moza' },
  { ar: 'ثريا', en: 'Thuraya' },
  { ar: 'بثينة', en: 'Buthaina' },
  { ar: 'حنان', en: 'Hanan' },
  { ar: 'أثير', en: 'Atheer' },
  { ar: 'رقية', en: 'Ruqaiya' },
  { ar: 'سمية', en: 'Sumaiya' },
  { ar: 'لمياء', en: 'Lamya' },
  { ar: 'منار', en: 'Manar' },
  { ar: 'بلقيس', en: 'Balqees' },
];

/** A few first names as some people type them, with tashkeel (the directory search folds it away). */
export const voweledFirstNames: Readonly<Record<string, string>> = {
  محمد: 'مُحَمَّد',
  أحمد: 'أَحْمَد',
  فاطمة: 'فَاطِمَة',
  مريم: 'مَرْيَم',
  سالم: 'سَالِم',
};

/** Family (tribe) names: the masculine form, the feminine form, the transliteration. */
export interface FamilyName {
  m: string;
  f: string;
  en: string;
}

const family = (m: string, en: string, f = `${m}ة`): FamilyName => ({ m, f, en });

export const familyNames: readonly FamilyName[] = [
  family('البلوشي', 'Al Balushi'),
  family('الحارثي', 'Al Harthy'),
  family('الهنائي', 'Al Hinai'),
  family('الكندي', 'Al Kindi'),
  family('الريامي', 'Al Riyami'),
  family('المعمري', 'Al Maamari'),
  family('الشكيلي', 'Al Shukaili'),
  family('السيابي', 'Al Siyabi'),
  family('العبري', 'Al Abri'),
  family('الرواحي', 'Al Rawahi'),
  family('الغافري', 'Al Ghafri'),
  family('البوسعيدي', 'Al Busaidi'),
  family('المحروقي', 'Al Mahrouqi'),
  family('الكلباني', 'Al Kalbani'),
  family('المقبالي', 'Al Maqbali'),
  family('العامري', 'Al Amri'),
  family('الحسني', 'Al Hasani'),
  family('البطاشي', 'Al Battashi'),
  family('الجابري', 'Al Jabri'),
  family('الفارسي', 'Al Farsi'),
  family('اللواتي', 'Al Lawati'),
  family('الراشدي', 'Al Rashdi'),
  family('النعماني', 'Al Nomani'),
  family('الوهيبي', 'Al Wahaibi'),
  family('المنذري', 'Al Mundhri'),
  family('الهاشمي', 'Al Hashmi'),
  family('الزدجالي', 'Al Zadjali'),
  family('الخروصي', 'Al Kharusi'),
  family('الصقري', 'Al Saqri'),
  family('العلوي', 'Al Alawi'),
  family('السعدي', 'Al Saadi'),
  family('الحبسي', 'Al Habsi'),
  family('الغيلاني', 'Al Ghailani'),
  family('الرواس', 'Al Rawas', 'الرواس'),
];

/** Families more common in one governorate: drawn there more often. */
export const regionalFamilyNames: Readonly<Record<string, readonly FamilyName[]>> = {
  'OM-ZU': [
    family('الشنفري', 'Al Shanfari'),
    family('المعشني', 'Al Mashani'),
    family('الكثيري', 'Al Kathiri'),
    family('المشيخي', 'Al Mashikhi'),
    family('الرواس', 'Al Rawas', 'الرواس'),
    family('العمري', 'Al Omari'),
  ],
  'OM-MU': [family('الشحي', 'Al Shehhi'), family('الظهوري', 'Al Dhahouri'), family('الكمزاري', 'Al Kumzari')],
  'OM-SJ': [
    family('المخيني', 'Al Mukhaini'),
    family('الغيلاني', 'Al Ghailani'),
    family('العريمي', 'Al Araimi'),
  ],
  'OM-SS': [family('الحجري', 'Al Hajri'), family('الحارثي', 'Al Harthy'), family('المسكري', 'Al Maskari')],
  'OM-DA': [family('الكندي', 'Al Kindi'), family('العبري', 'Al Abri'), family('السليمي', 'Al Sulaimi')],
  'OM-ZA': [
    family('الكلباني', 'Al Kalbani'),
    family('اليعقوبي', 'Al Yaqoubi'),
    family('الشامسي', 'Al Shamsi'),
  ],
  'OM-WU': [family('الجنيبي', 'Al Junaibi'), family('الحراصي', 'Al Harrasi')],
  'OM-BU': [family('الكعبي', 'Al Kaabi'), family('النعيمي', 'Al Nuaimi')],
};

/** How many ambassadors come from each governorate, roughly by population. */
export const governorateWeights: Readonly<Record<string, number>> = {
  'OM-MA': 30,
  'OM-BS': 13,
  'OM-ZU': 12,
  'OM-DA': 10,
  'OM-BJ': 9,
  'OM-SJ': 6,
  'OM-SS': 6,
  'OM-ZA': 5,
  'OM-BU': 3,
  'OM-MU': 2,
  'OM-WU': 2,
};

/** Within a governorate, the bigger towns; any wilayat not named here weighs 1. */
export const wilayatWeights: Readonly<Record<string, number>> = {
  'as-seeb': 10,
  bawshar: 8,
  muttrah: 5,
  muscat: 3,
  'al-amerat': 4,
  qurayyat: 2,
  salalah: 20,
  thumrait: 2,
  taqah: 2,
  mirbat: 2,
  sohar: 8,
  saham: 4,
  shinas: 3,
  'al-khaburah': 3,
  'as-suwayq': 4,
  barka: 6,
  'ar-rustaq': 4,
  'al-musannah': 3,
  nizwa: 6,
  bahla: 3,
  samail: 3,
  izki: 2,
  sur: 6,
  'jaalan-bani-bu-ali': 3,
  ibra: 4,
  'al-mudaybi': 3,
  ibri: 5,
  'al-buraimi': 5,
  khasab: 4,
  'ad-duqm': 3,
};

/** Where the ~5 % abroad live (studying or working), by weight. */
export const abroadCountries: readonly { code: string; weight: number }[] = [
  { code: 'GB', weight: 25 },
  { code: 'US', weight: 14 },
  { code: 'AE', weight: 14 },
  { code: 'MY', weight: 12 },
  { code: 'DE', weight: 8 },
  { code: 'QA', weight: 6 },
  { code: 'AU', weight: 5 },
  { code: 'SA', weight: 4 },
  { code: 'IN', weight: 4 },
  { code: 'CA', weight: 3 },
  { code: 'NL', weight: 3 },
  { code: 'KR', weight: 2 },
];

/** Friends of the programme abroad who are not Omani, by country. */
export const foreignNames: Readonly<Record<string, readonly string[]>> = {
  GB: ['Sarah Thompson', 'James Whitfield', 'Amelia Hughes', 'Oliver Bennett'],
  US: ['Emily Carter', 'Daniel Brooks', 'Grace Miller', 'Michael Reyes'],
  AE: ['مريم المزروعي', 'عبدالله النعيمي', 'Hessa Al Mansoori'],
  MY: ['Nur Aisyah binti Ahmad', 'Muhammad Hafiz bin Ismail', 'Siti Nurhaliza binti Omar'],
  DE: ['Lukas Becker', 'Anna Schmidt', 'Jonas Weber'],
  QA: ['جاسم الكواري', 'نوف المري'],
  AU: ['Chloe Nguyen', 'Liam O’Brien'],
  SA: ['فهد القحطاني', 'ريما الشهري'],
  IN: ['Priya Nair', 'Arjun Menon'],
  CA: ['Émilie Tremblay', 'Noah Campbell'],
  NL: ['Sanne de Vries', 'Daan Jansen'],
  KR: ['Kim Min-jun', 'Park Ji-woo'],
};

/** What ambassadors do, in both languages (masculine and feminine Arabic). */
export const roles: readonly { m: string; f: string; en: string }[] = [
  { m: 'مهندس', f: 'مهندسة', en: 'Engineer' },
  { m: 'معلم', f: 'معلمة', en: 'Teacher' },
  { m: 'طالب جامعي', f: 'طالبة جامعية', en: 'University student' },
  { m: 'باحث', f: 'باحثة', en: 'Researcher' },
  { m: 'موظف حكومي', f: 'موظفة حكومية', en: 'Civil servant' },
  { m: 'رائد أعمال', f: 'رائدة أعمال', en: 'Entrepreneur' },
  { m: 'مطور برمجيات', f: 'مطورة برمجيات', en: 'Software developer' },
  { m: 'محلل بيانات', f: 'محللة بيانات', en: 'Data analyst' },
  { m: 'أخصائي بيئة', f: 'أخصائية بيئة', en: 'Environmental specialist' },
  { m: 'طبيب', f: 'طبيبة', en: 'Doctor' },
  { m: 'مخطط حضري', f: 'مخططة حضرية', en: 'Urban planner' },
  { m: 'أستاذ جامعي', f: 'أستاذة جامعية', en: 'Lecturer' },
];

/** How interests read inside a sentence. */
export const interestPhrases: Readonly<Record<string, Bilingual>> = {
  mobility: { ar: 'التنقل الذكي', en: 'smart mobility' },
  energy: { ar: 'الطاقة النظيفة', en: 'clean energy' },
  water: { ar: 'ترشيد المياه', en: 'water conservation' },
  environment: { ar: 'حماية البيئة', en: 'the environment' },
  governance: { ar: 'الحوكمة الذكية', en: 'smart governance' },
  health: { ar: 'الصحة الرقمية', en: 'digital health' },
  education: { ar: 'التعليم الرقمي', en: 'digital education' },
  economy: { ar: 'الاقتصاد الرقمي', en: 'the digital economy' },
  tourism: { ar: 'السياحة الذكية', en: 'smart tourism' },
  safety: { ar: 'السلامة العامة', en: 'public safety' },
  housing: { ar: 'الإسكان المستدام', en: 'sustainable housing' },
  'data-ai': { ar: 'البيانات والذكاء الاصطناعي', en: 'data and AI' },
  iot: { ar: 'إنترنت الأشياء', en: 'the Internet of Things' },
  connectivity: { ar: 'الاتصال والشبكات', en: 'connectivity' },
  culture: { ar: 'التراث والثقافة', en: 'culture and heritage' },
};

/** Expertise tags (2–40 characters) that go with each interest. */
export const expertiseByInterest: Readonly<Record<string, readonly string[]>> = {
  mobility: ['النقل العام', 'Traffic modelling', 'السيارات الكهربائية'],
  energy: ['الطاقة الشمسية', 'Solar PV', 'كفاءة الطاقة'],
  water: ['تحلية المياه', 'Smart metering', 'إدارة الأفلاج'],
  environment: ['إعادة التدوير', 'Air quality', 'التشجير'],
  governance: ['الخدمات الإلكترونية', 'Open data', 'Public policy'],
  health: ['الصحة الرقمية', 'Telemedicine'],
  education: ['التعليم الإلكتروني', 'STEM', 'Curriculum design'],
  economy: ['ريادة الأعمال', 'Fintech', 'التجارة الإلكترونية'],
  tourism: ['السياحة البيئية', 'Heritage tourism'],
  safety: ['الأمن السيبراني', 'Emergency response', 'الدفاع المدني'],
  housing: ['العمارة المستدامة', 'Urban planning', 'BIM'],
  'data-ai': ['تحليل البيانات', 'Machine learning', 'Python', 'GIS'],
  iot: ['Arduino', 'Sensors', 'LoRaWAN', 'الأنظمة المدمجة'],
  connectivity: ['الجيل الخامس', 'Fiber networks', '5G'],
  culture: ['التراث العماني', 'Digital archives'],
};

/** Bio templates: {role}, {place}, {i1}, {i2}, {year}; Arabic ones come in both genders. */
export const arabicBios: readonly { m: string; f: string }[] = [
  { m: '{role} من {place}، مهتم ب{i1} و{i2}.', f: '{role} من {place}، مهتمة ب{i1} و{i2}.' },
  {
    m: '{role}، أعمل على نشر الوعي ب{i1} في {place}.',
    f: '{role}، أعمل على نشر الوعي ب{i1} في {place}.',
  },
  {
    m: 'أؤمن بأن {i1} مفتاح مدن عُمان الذكية ضمن رؤية عُمان 2040. {role} في {place}.',
    f: 'أؤمن بأن {i1} مفتاح مدن عُمان الذكية ضمن رؤية عُمان 2040. {role} في {place}.',
  },
  {
    m: 'سفير للمدن الذكية منذ {year}، أقدّم محاضرات عن {i1} للطلبة والمجتمع.',
    f: 'سفيرة للمدن الذكية منذ {year}، أقدّم محاضرات عن {i1} للطلبة والمجتمع.',
  },
];

export const englishBios: readonly string[] = [
  '{role} from {place}, passionate about {i1} and {i2}.',
  '{role} working on {i1} in {place}. I give talks to schools and community groups.',
  'I believe {i1} is key to Oman Vision 2040. {role} based in {place}.',
  'Smart City Ambassador since {year}: talks and workshops on {i1}.',
];

/** Lecture titles by topic; {place} is the wilayat (or Oman for online lectures). */
export const lectureTitles: Readonly<Record<string, { ar: readonly string[]; en: readonly string[] }>> = {
  mobility: {
    ar: [
      'التنقل الذكي في {place}: حلول للازدحام',
      'مستقبل النقل العام في سلطنة عُمان',
      'السيارات الكهربائية: هل نحن مستعدون؟',
    ],
    en: [
      'Smart mobility in {place}: easing congestion',
      'Electric vehicles in Oman: are we ready?',
      'Ride-sharing and the future of public transport',
    ],
  },
  energy: {
    ar: [
      'الطاقة الشمسية في المنازل العمانية',
      'ترشيد استهلاك الكهرباء في الصيف',
      'الهيدروجين الأخضر ورؤية عُمان 2040',
    ],
    en: [
      'Rooftop solar for Omani homes',
      'Green hydrogen and Oman Vision 2040',
      'Saving energy in the summer peak',
    ],
  },
  water: {
    ar: [
      'العدادات الذكية وترشيد المياه',
      'الأفلاج: حكمة الماضي وتقنيات المستقبل',
      'تحلية المياه بالطاقة المتجددة',
    ],
    en: [
      'Smart water meters in {place}',
      'Aflaj heritage meets modern water technology',
      'Desalination powered by renewables',
    ],
  },
  environment: {
    ar: ['إعادة التدوير تبدأ من المدرسة', 'جودة الهواء في {place}', 'التشجير الذكي ومكافحة التصحر'],
    en: [
      'Recycling starts at school',
      'Monitoring air quality in {place}',
      'Urban greening with smart irrigation',
    ],
  },
  governance: {
    ar: [
      'الخدمات الحكومية الرقمية: دليل المواطن',
      'البيانات المفتوحة والمشاركة المجتمعية',
      'المدن الذكية والحوكمة الرشيدة',
    ],
    en: [
      "Digital government services: a citizen's guide",
      'Open data for better decisions',
      'Participatory budgeting in smart cities',
    ],
  },
  health: {
    ar: ['الصحة الرقمية والاستشارات عن بعد', 'التطبيقات الصحية الذكية في حياتنا اليومية'],
    en: ['Telemedicine in rural Oman', 'Wearables and public health'],
  },
  education: {
    ar: ['التعليم الرقمي في المدارس العمانية', 'البرمجة للأطفال: بداية المدينة الذكية'],
    en: ['Coding clubs for smart city skills', 'Digital classrooms in {place}'],
  },
  economy: {
    ar: ['الاقتصاد الرقمي وريادة الأعمال', 'المدفوعات الإلكترونية في الأسواق التقليدية'],
    en: ["Startups building Oman's smart cities", 'Cashless payments in traditional souqs'],
  },
  tourism: {
    ar: ['السياحة الذكية في {place}', 'التقنيات الحديثة في خدمة الزوار'],
    en: ['Smart tourism in {place}', 'Digital guides for heritage sites'],
  },
  safety: {
    ar: ['الأمن السيبراني للأسرة', 'أنظمة الإنذار المبكر من الأنواء المناخية'],
    en: ['Cybersecurity basics for families', 'Early warning systems for cyclones'],
  },
  housing: {
    ar: ['المباني الخضراء والعزل الحراري', 'التخطيط العمراني المستدام في {place}'],
    en: ['Green buildings for a hot climate', 'Sustainable urban planning in {place}'],
  },
  'data-ai': {
    ar: ['الذكاء الاصطناعي في خدمة المدينة', 'البيانات الضخمة وصناعة القرار'],
    en: ['AI for city services', 'Big data and better decisions', 'Machine learning for traffic prediction'],
  },
  iot: {
    ar: ['إنترنت الأشياء في المنزل الذكي', 'أجهزة الاستشعار لمراقبة البيئة في {place}'],
    en: ['IoT sensors for a smarter {place}', 'Building a smart home with IoT'],
  },
  connectivity: {
    ar: ['شبكات الجيل الخامس وتطبيقاتها', 'الألياف البصرية ومستقبل الاتصال'],
    en: ['5G and what it means for {place}', 'Bridging the digital divide in rural wilayats'],
  },
  culture: {
    ar: ['رقمنة التراث العماني', 'المتاحف الافتراضية والواقع المعزز'],
    en: ['Digitising Omani heritage', 'Augmented reality at heritage forts'],
  },
};

export const audienceWeights = [
  { value: 'school', weight: 30 },
  { value: 'university', weight: 25 },
  { value: 'public', weight: 20 },
  { value: 'government', weight: 15 },
  { value: 'private_sector', weight: 10 },
] as const;

export type Audience = (typeof audienceWeights)[number]['value'];

export const audienceNames: Readonly<Record<Audience, Bilingual>> = {
  school: { ar: 'طلبة المدارس', en: 'school students' },
  university: { ar: 'طلبة الجامعة', en: 'university students' },
  public: { ar: 'المجتمع المحلي', en: 'the public' },
  government: { ar: 'موظفي الجهات الحكومية', en: 'government staff' },
  private_sector: { ar: 'موظفي القطاع الخاص', en: 'private-sector staff' },
};

/** Typical attendance (median) by audience. */
export const audienceMedian: Readonly<Record<Audience, number>> = {
  school: 45,
  university: 40,
  public: 30,
  government: 25,
  private_sector: 20,
};

export const lectureDescriptions: { ar: readonly string[]; en: readonly string[] } = {
  ar: [
    'محاضرة توعوية {toAudience} حول دور {topic} في بناء مدن ذكية مستدامة، مع أمثلة من {place}.',
    'ورشة تفاعلية مع {audience} عن {topic}، تضمنت نقاشًا حول التحديات المحلية والحلول الممكنة.',
    'عرض تعريفي بمفهوم المدن الذكية مع التركيز على {topic}، تلاه حوار مفتوح مع الحضور.',
  ],
  en: [
    'An awareness talk for {audience} on {topic} and how it shapes a smart, sustainable {place}.',
    'An interactive workshop with {audience} on {topic}, discussing local challenges and practical fixes.',
    'An introduction to smart cities with a focus on {topic}, followed by an open Q&A.',
  ],
};

/** Country names for bios of ambassadors abroad. */
export const countryNames: Readonly<Record<string, Bilingual>> = {
  GB: { ar: 'المملكة المتحدة', en: 'the United Kingdom' },
  US: { ar: 'الولايات المتحدة', en: 'the United States' },
  AE: { ar: 'الإمارات', en: 'the UAE' },
  MY: { ar: 'ماليزيا', en: 'Malaysia' },
  DE: { ar: 'ألمانيا', en: 'Germany' },
  QA: { ar: 'قطر', en: 'Qatar' },
  AU: { ar: 'أستراليا', en: 'Australia' },
  SA: { ar: 'السعودية', en: 'Saudi Arabia' },
  IN: { ar: 'الهند', en: 'India' },
  CA: { ar: 'كندا', en: 'Canada' },
  NL: { ar: 'هولندا', en: 'the Netherlands' },
  KR: { ar: 'كوريا الجنوبية', en: 'South Korea' },
};

/** Universities by governorate (for university audiences). */
export const universities: Readonly<Record<string, readonly string[]>> = {
  'OM-MA': [
    'جامعة السلطان قابوس',
    'German University of Technology in Oman',
    'جامعة التقنية والعلوم التطبيقية - مسقط',
  ],
  'OM-BS': ['جامعة صحار', 'جامعة التقنية والعلوم التطبيقية - صحار'],
  'OM-ZU': ['جامعة ظفار', 'جامعة التقنية والعلوم التطبيقية - صلالة'],
  'OM-DA': ['جامعة نزوى'],
  'OM-SS': ['جامعة الشرقية'],
  'OM-SJ': ['جامعة التقنية والعلوم التطبيقية - صور'],
  'OM-BU': ['جامعة البريمي'],
  'OM-ZA': ['جامعة التقنية والعلوم التطبيقية - عبري'],
  'OM-BJ': ['جامعة التقنية والعلوم التطبيقية - الرستاق'],
};

/** Venue templates by audience; {w} is the wilayat's Arabic name. */
export const venues: Readonly<Record<Exclude<Audience, 'university'>, readonly string[]>> = {
  school: ['مدرسة {w} للتعليم الأساسي', 'مدرسة {w} للتعليم ما بعد الأساسي', 'قاعة المدرسة'],
  public: ['النادي الثقافي', 'مجلس {w} العام', 'مركز {w} الثقافي', 'المكتبة العامة في {w}'],
  government: ['مكتب والي {w}', 'قاعة بلدية {w}', 'المديرية العامة للتربية والتعليم'],
  private_sector: ['غرفة تجارة وصناعة عُمان - فرع {w}', 'حاضنة أعمال {w}', 'Innovation Park Muscat'],
};

export const onlineVenues: readonly string[] = [
  'Zoom',
  'Microsoft Teams',
  'Google Meet',
  'بث مباشر على إنستغرام',
];

/** Why staff reject a report. */
export const rejectNotes: readonly string[] = [
  'لا توجد أدلة كافية على انعقاد المحاضرة',
  'عدد الحضور المذكور لا يتطابق مع الصور المرفقة',
  'المحاضرة مكررة لتقرير سابق',
  'الموضوع خارج نطاق برنامج السفراء',
  'Duplicate of an earlier report',
  'Attendance could not be confirmed with the venue',
  'No evidence was attached; please report again with photos',
];

/** The platform team's reviewers. */
export const staffIds: readonly string[] = [
  'seed-staff-01',
  'seed-staff-02',
  'seed-staff-03',
  'seed-staff-04',
  'seed-staff-05',
  'seed-staff-06',
];
