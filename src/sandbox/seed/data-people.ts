/** The people of Acme Robotics. Names are invented; emails live under the reserved `.test` TLD. */

export const EMAIL_DOMAIN = "acme-robotics.test";

export type Team = "frontend" | "backend" | "devops" | "mobile" | "product" | "qa";

export interface PersonRow {
  first: string;
  last: string;
  team: Team;
  timeZone: string;
  locale: string;
  /** Newer Atlassian accounts look like `712020:<uuid>`; older ones are 24 hex characters. */
  modernAccountId?: boolean;
  active?: boolean;
}

export const ADMIN_PERSON = {
  first: "Ada",
  last: "Admin",
  mailbox: "admin",
  timeZone: "Europe/London",
  locale: "en_GB",
};
export const VIEWER_PERSON = {
  first: "Victor",
  last: "Viewer",
  mailbox: "viewer",
  timeZone: "America/Chicago",
  locale: "en_US",
};

export const STAFF: PersonRow[] = [
  { first: "Priya", last: "Natarajan", team: "backend", timeZone: "Asia/Kolkata", locale: "en_US" },
  { first: "Marcus", last: "Oyelaran", team: "backend", timeZone: "Europe/London", locale: "en_GB" },
  { first: "Hannah", last: "Becker", team: "backend", timeZone: "Europe/Berlin", locale: "de_DE" },
  {
    first: "Tomás",
    last: "Alvarez",
    team: "backend",
    timeZone: "America/Mexico_City",
    locale: "es_ES",
    modernAccountId: true,
  },
  { first: "Emily", last: "Chen", team: "frontend", timeZone: "America/Los_Angeles", locale: "en_US" },
  { first: "Jonas", last: "Lindqvist", team: "frontend", timeZone: "Europe/Stockholm", locale: "en_GB" },
  {
    first: "Aisha",
    last: "Rahman",
    team: "frontend",
    timeZone: "America/New_York",
    locale: "en_US",
    modernAccountId: true,
  },
  { first: "Lucas", last: "Moreau", team: "frontend", timeZone: "Europe/Paris", locale: "fr_FR" },
  { first: "Kenji", last: "Watanabe", team: "devops", timeZone: "Asia/Tokyo", locale: "ja_JP" },
  { first: "Olivia", last: "Brennan", team: "devops", timeZone: "Europe/Dublin", locale: "en_GB" },
  {
    first: "Dmitri",
    last: "Volkov",
    team: "devops",
    timeZone: "Europe/Warsaw",
    locale: "en_GB",
    modernAccountId: true,
  },
  { first: "Sofia", last: "Rossi", team: "mobile", timeZone: "Europe/Rome", locale: "it_IT" },
  { first: "Daniel", last: "Kim", team: "mobile", timeZone: "America/Toronto", locale: "en_US" },
  {
    first: "Grace",
    last: "Okafor",
    team: "mobile",
    timeZone: "Africa/Lagos",
    locale: "en_GB",
    modernAccountId: true,
  },
  { first: "Rachel", last: "Goldberg", team: "product", timeZone: "America/New_York", locale: "en_US" },
  { first: "Mateo", last: "Fernández", team: "product", timeZone: "Europe/Madrid", locale: "es_ES" },
  { first: "Chloe", last: "Nguyen", team: "qa", timeZone: "Australia/Sydney", locale: "en_AU" },
  {
    first: "Samuel",
    last: "Adeyemi",
    team: "qa",
    timeZone: "Europe/London",
    locale: "en_GB",
    modernAccountId: true,
  },
  { first: "Nora", last: "Haugen", team: "backend", timeZone: "Europe/Oslo", locale: "en_GB", active: false },
];

/** Team groups on top of the product-access groups every site has. */
export const TEAM_GROUPS: Record<Team, string> = {
  frontend: "team-web",
  backend: "team-platform",
  devops: "team-infra",
  mobile: "team-mobile",
  product: "product-management",
  qa: "quality-engineering",
};
