import type { Writable } from 'node:stream';
import type { LedgerKind } from '@gongzhi/contract/ledgers';
import { POSITION_LABELS, type PositionKind } from '../../platform/access/positions.ts';
import type { FieldCrypto } from '../../platform/crypto.ts';
import type { Executor } from '../../platform/db/database.ts';
import { createSheetWriter } from '../../platform/spreadsheet/index.ts';
import { CHIEF_COLUMNS, ORIGIN_LABELS } from './chiefs.spreadsheet.ts';
import { chiefsUnder, placesUnder, residentsPage } from './ledgers.repository.ts';
import { PlaceIndex, type PlaceNode } from './location.ts';
import {
  GENDER_LABELS,
  RESIDENCE_TYPE_LABELS,
  RESIDENT_COLUMNS,
  STATUS_LABELS,
} from './residents.spreadsheet.ts';

export const TEMPLATE_VERSION = '1';
const SHEETS: Record<
  LedgerKind,
  { sheetName: string; columns: typeof RESIDENT_COLUMNS | typeof CHIEF_COLUMNS }
> = {
  residents: { sheetName: '居民花名册', columns: RESIDENT_COLUMNS },
  chiefs: { sheetName: '户长邻长组长片长花名册', columns: CHIEF_COLUMNS },
};

export const FILE_NAMES: Record<LedgerKind, string> = {
  residents: '居民花名册',
  chiefs: '户长邻长组长片长花名册',
};

/** An empty import template: headers, format hints, text-formatted ID/phone/户编号 columns, `_meta`. */
export async function writeTemplate(kind: LedgerKind, stream: Writable): Promise<void> {
  const sheet = SHEETS[kind];
  const writer = createSheetWriter(stream, {
    ...sheet,
    withHints: true,
    meta: { template: `gongzhi.${kind}`, version: TEMPLATE_VERSION },
  });
  await writer.commit();
}

const PAGE = 2000;

/** Streams the residents below `node` in template layout, so an unmasked export can be imported again. */
export async function writeResidents(
  db: Executor,
  crypto: FieldCrypto,
  districtId: string,
  at: { node: PlaceNode; root: PlaceNode },
  unmasked: boolean,
  stream: Writable,
  exportedBy: string,
): Promise<void> {
  const { node, root } = at;
  // Names of the places above the node (片区, 小区…) come from its community, so the index starts there.
  const places = new PlaceIndex(root, await placesUnder(db, districtId, root.path, { withDwellings: true }));
  const writer = createSheetWriter(stream, {
    ...SHEETS.residents,
    withHints: false,
    meta: {
      template: 'gongzhi.residents',
      version: TEMPLATE_VERSION,
      exportedBy,
      exportedAt: new Date().toISOString(),
      masked: String(!unmasked),
    },
  });
  let after: { householdNo: string; id: string } | null = null;
  let seq = 0;
  for (;;) {
    const page = await residentsPage(db, districtId, node.path, after, PAGE);
    for (const r of page) {
      const at = places.lineage(r.nodeId);
      const pick = (...levels: string[]) => levels.map((l) => at.get(l)).find(Boolean) ?? null;
      writer.addRow([
        ++seq,
        pick('area', 'grid', 'natural_village'),
        pick('resident_group'),
        pick('estate', 'building_cluster'),
        pick('building'),
        pick('unit'),
        pick('dwelling'),
        r.householdNo,
        r.relationToHead,
        r.name,
        GENDER_LABELS[r.gender as keyof typeof GENDER_LABELS],
        unmasked && r.idNoEnc ? crypto.decrypt(r.idNoEnc) : r.idNoMasked,
        r.birthDate,
        r.ethnicity,
        r.politicalStatus,
        r.education,
        unmasked && r.phoneEnc ? crypto.decrypt(r.phoneEnc) : r.phoneMasked,
        RESIDENCE_TYPE_LABELS[r.residenceType as keyof typeof RESIDENCE_TYPE_LABELS],
        STATUS_LABELS[r.status as keyof typeof STATUS_LABELS],
        r.tags.join('；') || null,
        r.note,
        r.dataSource,
      ]);
    }
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!;
    after = { householdNo: last.householdNo, id: last.id };
  }
  await writer.commit();
}

/** The chiefs below `node` with their linked households, phones masked unless `unmasked`. */
export async function writeChiefs(
  db: Executor,
  crypto: FieldCrypto,
  districtId: string,
  node: PlaceNode,
  unmasked: boolean,
  stream: Writable,
  exportedBy: string,
): Promise<void> {
  const writer = createSheetWriter(stream, {
    ...SHEETS.chiefs,
    withHints: false,
    meta: {
      template: 'gongzhi.chiefs',
      version: TEMPLATE_VERSION,
      exportedBy,
      exportedAt: new Date().toISOString(),
      masked: String(!unmasked),
    },
  });
  for (const p of await chiefsUnder(db, districtId, node.path)) {
    writer.addRow([
      p.holderName,
      POSITION_LABELS[p.kind as PositionKind],
      p.identity,
      unmasked && p.phoneEnc ? crypto.decrypt(p.phoneEnc) : p.phoneMasked,
      p.nodeCode,
      p.householdNos.join(';') || null,
      ORIGIN_LABELS[p.origin as keyof typeof ORIGIN_LABELS],
      p.validFrom,
      p.validTo,
    ]);
  }
  await writer.commit();
}
