export { ensureCommunity, findNode, findNodeByCode, insertNode, newGeneratedCode, sortKey } from './territory.repository.ts';
export { defaultLevelTemplate, LEVEL_LABELS, TERRITORY_LEVELS, type LevelTemplate, type TerritoryLevel } from './territory-tree.ts';
export { territoryRoutes } from './territory.routes.ts';
