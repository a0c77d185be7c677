export {
  communityOf,
  ensureCommunity,
  findNode,
  findNodeByCode,
  insertNode,
  newGeneratedCode,
  sortKey,
} from './territory.repository.ts';
export { territoryRoutes } from './territory.routes.ts';
export { findNodeInScope, getLevelTemplate } from './territory.service.ts';
export {
  CHIEF_KINDS,
  defaultLevelTemplate,
  LEVEL_LABELS,
  type LevelTemplate,
  TERRITORY_LEVELS,
  type TerritoryLevel,
} from './territory-tree.ts';
