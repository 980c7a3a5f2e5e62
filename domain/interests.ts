/** The interest taxonomy (docs/api-contract.md §3). Ideas' tags and lectures' topics use these ids. */
export const interests = [
  { id: 'mobility', en: 'Smart mobility', ar: 'التنقل الذكي' },
  { id: 'energy', en: 'Energy', ar: 'الطاقة' },
  { id: 'water', en: 'Water', ar: 'المياه' },
  { id: 'environment', en: 'Environment', ar: 'البيئة' },
  { id: 'governance', en: 'Smart governance', ar: 'الحوكمة الذكية' },
  { id: 'health', en: 'Health', ar: 'الصحة' },
  { id: 'education', en: 'Education', ar: 'التعليم' },
  { id: 'economy', en: 'Economy', ar: 'الاقتصاد' },
  { id: 'tourism', en: 'Tourism', ar: 'السياحة' },
  { id: 'safety', en: 'Safety and security', ar: 'السلامة والأمن' },
  { id: 'housing', en: 'Housing', ar: 'الإسكان' },
  { id: 'data-ai', en: 'Data and AI', ar: 'البيانات والذكاء الاصطناعي' },
  { id: 'iot', en: 'Internet of Things', ar: 'إنترنت الأشياء' },
  { id: 'connectivity', en: 'Connectivity', ar: 'الاتصال والشبكات' },
  { id: 'culture', en: 'Culture and heritage', ar: 'الثقافة والتراث' },
] as const;

export type InterestId = (typeof interests)[number]['id'];
export const interestIds = interests.map((i) => i.id) as [InterestId, ...InterestId[]];
