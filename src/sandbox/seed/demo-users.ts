/** Acme Robotics staff: users, team groups and who works on what. */
import type { User } from "../state/model.js";
import type { Store } from "../state/store.js";
import { STAFF, TEAM_GROUPS, type Team } from "./data-people.js";
import { addGroup, addUser, type CoreUsers } from "./reference.js";

export interface DemoPeople extends CoreUsers {
  /** Active staff by team, in table order (the first of a team leads its project). */
  byTeam: Record<Team, User[]>;
  /** Every active staff member, excluding the admin and viewer. */
  staff: User[];
}

export function seedDemoUsers(store: Store, core: CoreUsers): DemoPeople {
  for (const name of Object.values(TEAM_GROUPS)) addGroup(store, name);
  const byTeam: Record<Team, User[]> = {
    frontend: [],
    backend: [],
    devops: [],
    mobile: [],
    product: [],
    qa: [],
  };
  const staff: User[] = [];
  for (const row of STAFF) {
    const groups = ["jira-software-users", "confluence-users", TEAM_GROUPS[row.team]];
    const user = addUser(store, { ...row, groups });
    if (!user.active) continue;
    byTeam[row.team].push(user);
    staff.push(user);
  }
  // Team leads administer their projects, so they also sit in jira-administrators.
  for (const team of ["frontend", "backend", "devops", "mobile"] as const) {
    const lead = byTeam[team][0];
    if (lead) lead.groups.push("jira-administrators");
  }
  return { ...core, byTeam, staff };
}
