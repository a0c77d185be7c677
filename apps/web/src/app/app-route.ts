import type { ReactNode } from 'react';

/**
 * One page of the app. Feature folders export lists of these; the router mounts them and the menus are derived
 * from the routes the user's permissions allow.
 */
export interface AppRoute {
  /** Path relative to the app root, e.g. `households/:householdId`. */
  path: string;
  element: ReactNode;
  /** i18n key of the menu/tab label, e.g. `nav.territory`. */
  label: string;
  icon?: ReactNode;
  /** The permission the page needs (e.g. `registry.view`); no permission = every logged-in user. */
  permission?: string;
  /** Shown in the phone bottom tab bar. */
  isMobileNav?: boolean;
  /** Mounted but not in the menus (detail pages). */
  isHidden?: boolean;
  /** For a hidden page: the path of the menu item highlighted while it is open (e.g. `households`). */
  menuPath?: string;
}

/** A titled group of pages in the side menu (a sub-menu when more than one of its pages is visible). */
export interface MenuGroup {
  key: string;
  /** i18n key of the group title, e.g. `nav.group.cases`. */
  label: string;
  routes: AppRoute[];
}
