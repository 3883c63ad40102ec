/**
 * The restore drill (issue 16), with real PocketBase servers and the repository's migrations
 * and hooks: seed accounts, reflections, an uploaded evidence file and an issued certificate
 * (signed with the key kept in the data folder); back up through the running PocketBase's
 * own backup API (as `npm run backup` does) and save the secrets file apart; wipe the data
 * folder; restore into a fresh folder; start PocketBase on it. Then every collection has the
 * same number of rows, a sample of records is identical, the uploaded file is the same, and
 * the certificate issued before still verifies, by its code and as a signed credential.
 * The same again for a backup made from the data folder with the site stopped. First, the
 * backup settings from the environment are applied to PocketBase as `npm start` does, and a
 * restore through PocketBase's own API (the dashboard's) is shown to keep the secrets in place.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBackupSettings, backupFileName, backupRunning, backupStopped, pocketBaseAnswers, saveSecrets, signInService } from '../../src/lib/backup/backup.ts';
import { readBackupConfig } from '../../src/lib/backup/config.ts';
import { restoreBackup } from '../../src/lib/backup/restore.ts';
import { SECRET_FILES } from '../../src/lib/backup/secrets.ts';
import { findByCode } from '../../src/lib/certificates/certificates-store.ts';
import { verifyCredential } from '../../src/lib/certificates/credential.ts';
import { issueCertificate } from '../../src/lib/certificates/issue.ts';
import { siteDidDocument } from '../../src/lib/certificates/issuer.ts';
import { loadSigningKey, type SigningKey } from '../../src/lib/certificates/keys.ts';
import { statusListCredential, verifyCode } from '../../src/lib/certificates/verify-service.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { ensureDataDir, ensureServiceSuperuser, startPocketBase, type RunningPocketBase } from '../../src/lib/server/pocketbase-process.ts';
import { completeCourse } from '../support/certificates.ts';
import { createUser, serviceClient } from '../support/fixtures-pb.ts';
import { onAFreePort, repoPocketBaseDirs, startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { tinyCourse } from '../fixtures/ob3/sample.ts';

const PASSWORD = 'correct-horse-battery';
const SITE = 'https://learning.example.org';
const tiny = tinyCourse();
const PDF = new TextEncoder().encode('%PDF-1.4\n% the restore drill\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

interface State {
  counts: Record<string, number>;
  samples: Record<string, unknown[]>;
}

/** Row counts of every collection, and its first and last three records by id. */
async function snapshot(service: PocketBase): Promise<State> {
  const collections = await service.collections.getFullList();
  const counts: Record<string, number> = {};
  const samples: Record<string, unknown[]> = {};
  for (const c of collections) {
    if (c.type === 'view') continue;
    const first = await service.collection(c.name).getList(1, 3, { sort: 'id' });
    const last = await service.collection(c.name).getList(1, 3, { sort: '-id' });
    counts[c.name] = first.totalItems;
    samples[c.name] = [...first.items, ...last.items];
  }
  return { counts, samples };
}

describe('restore drill', () => {
  let tmp: string;
  let pb: TestPocketBase;
  let service: PocketBase;
  let key: SigningKey;
  let before: State;
  let code: string;
  let evidence: { id: string; file: string };
  let onlineCopy: string;
  let secretsFile: string;
  let stoppedBackup: string;
  const started: RunningPocketBase[] = [];

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'll-restore-drill-'));
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    // The site's own key, kept in the data folder as on a real server.
    key = (await loadSigningKey({ dataDir: pb.dataDir, env: {} })).key;

    const assessor = await createUser(service, { email: 'assessor@example.org', password: PASSWORD, display_name: 'Sam Okafor', roles: ['assessor'] });
    const people = [];
    for (const [i, name] of ['Jordan Ellis-Mbeki', 'Kim Lee', 'Ari Quinn'].entries()) {
      const user = await createUser(service, { email: `trainee${i}@example.org`, password: PASSWORD, display_name: name, roles: ['trainee'] });
      people.push({ ...user, name });
      await service.collection('reflections').create({ user: user.id, course: tiny.slug, module: '', prompt: 'free', title: `Week ${i}`, body: `What I learned, by ${name}.` });
    }
    const jordan = people[0]!;
    await completeCourse(service, jordan.id, tiny, { assessor: { id: assessor.id, name: 'Sam Okafor' } });
    const issued = await issueCertificate(
      { service: service as TypedPocketBase, key },
      { holder: { id: jordan.id, email: jordan.email, display_name: jordan.name }, course: tiny, kind: 'full', unit: '', holderName: jordan.name, nameDisplay: 'full', siteUrl: SITE, issuerName: 'Lived Learning' },
    );
    code = issued.certificate.code;
    const withFile = await service.collection('evidence').create({
      user: people[1]!.id,
      course: tiny.slug,
      criterion: tiny.units.flatMap((u) => u.outcomes.flatMap((o) => o.criteria)).find((c) => c.evidence !== 'knowledge-check')!.ref,
      text: 'My essay is attached.',
      files: [new File([PDF], 'My essay.pdf', { type: 'application/pdf' })],
    });
    evidence = { id: withFile.id, file: (withFile.files as string[])[0]! };
    before = await snapshot(service);
  });

  afterAll(async () => {
    for (const running of started) await running.stop();
    await pb?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** Restores `file` into a fresh folder and starts PocketBase on it as `npm start` would. */
  async function restoreAndStart(file: string, name: string): Promise<{ dataDir: string; service: PocketBase; running: RunningPocketBase }> {
    const dataDir = path.join(tmp, name, 'pb_data');
    const result = await restoreBackup({
      file,
      dataDir,
      secretsFile,
      keyFromEnvironment: false,
      pocketBaseRunning: async () => false,
      confirm: async () => true,
    });
    expect(result.restored).toBe(true);
    if (result.restored) expect(result.plan.keySource).toBe('secrets-file');

    const { migrationsDir, hooksDir } = repoPocketBaseDirs();
    await ensureDataDir(dataDir, { log: () => {} });
    // No service account in the backup: a new one is made and set, as `npm start` does.
    const credentials = await ensureServiceSuperuser({ bin: pb.bin, dataDir });
    const running = await onAFreePort((port) => startPocketBase({ bin: pb.bin, dataDir, port, migrationsDir, hooksDir }));
    started.push(running);
    const client = await signInService(running.url, credentials);
    return { dataDir, service: client, running };
  }

  async function expectSameAsBefore(restored: { dataDir: string; service: PocketBase; running: RunningPocketBase }): Promise<void> {
    const after = await snapshot(restored.service);
    expect(Object.keys(after.counts).sort()).toEqual(Object.keys(before.counts).sort());
    expect(after.counts).toEqual(before.counts);
    expect(after.counts).toMatchObject({ users: 4, reflections: 3, certificates: 1, evidence: expect.any(Number) });
    // The service account was made again (its password is never in a backup), which changes
    // PocketBase's own rows for it: the same account, a new password and sign-in record.
    const renewed = ['_superusers', '_authOrigins'];
    const without = (samples: State['samples']) => Object.fromEntries(Object.entries(samples).filter(([name]) => !renewed.includes(name)));
    expect(without(after.samples)).toEqual(without(before.samples));
    const accounts = (samples: State['samples']) => samples._superusers!.map((r) => [(r as { id: string }).id, (r as { email: string }).email]);
    expect(accounts(after.samples)).toEqual(accounts(before.samples));

    // The uploaded file came back, byte for byte.
    const token = await restored.service.files.getToken();
    const record = await restored.service.collection('evidence').getOne(evidence.id);
    const response = await fetch(restored.service.files.getURL(record, evidence.file, { token }));
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PDF);

    // The certificate issued before still verifies: by its code, and as a signed credential
    // against the restored signing key (the same public key as before).
    const svc = restored.service as TypedPocketBase;
    expect((await verifyCode(svc, code)).status).toBe('valid');
    const restoredKey = (await loadSigningKey({ dataDir: restored.dataDir, env: {} })).key;
    expect(restoredKey.publicKeyMultibase).toBe(key.publicKeyMultibase);
    const stored = (await findByCode(svc, code, true))!;
    const result = await verifyCredential(stored.credential, {
      didDocument: await siteDidDocument(SITE, restoredKey),
      statusList: await statusListCredential(svc, SITE, restoredKey),
    });
    expect(result).toMatchObject({ verified: true, problems: [], status: 'active' });
  }

  it('applies the schedule, retention and S3 storage from the environment to PocketBase, as npm start does', async () => {
    const client = await signInService(pb.url, pb.service);
    const settingsOf = async () => ((await client.settings.getAll()) as { backups: { cron: string; cronMaxKeep: number; s3: Record<string, unknown> } }).backups;
    const config = (env: Record<string, string>) => {
      const read = readBackupConfig(env);
      if (read.kind !== 'ok') throw new Error(read.problems.join('; '));
      return read.settings;
    };

    await applyBackupSettings(client, config({}));
    expect(await settingsOf()).toMatchObject({ cron: '30 2 * * *', cronMaxKeep: 7, s3: { enabled: false } });

    const s3 = { BACKUP_S3_BUCKET: 'drill', BACKUP_S3_REGION: 'eu-west-2', BACKUP_S3_ENDPOINT: 'https://s3.example.org', BACKUP_S3_ACCESS_KEY: 'AK', BACKUP_S3_SECRET: 'drill-secret-1234' };
    await applyBackupSettings(client, config({ BACKUP_CRON: '15 4 * * 0', BACKUP_KEEP: '4', ...s3 }));
    const withS3 = await settingsOf();
    expect(withS3).toMatchObject({ cron: '15 4 * * 0', cronMaxKeep: 4, s3: { enabled: true, bucket: 'drill', endpoint: 'https://s3.example.org', accessKey: 'AK' } });
    expect(JSON.stringify(withS3)).not.toContain('drill-secret-1234'); // PocketBase never hands the secret back

    // Back to this machine (and the bucket's secret emptied), then off.
    await applyBackupSettings(client, config({}));
    expect(await settingsOf()).toMatchObject({ cron: '30 2 * * *', cronMaxKeep: 7, s3: { enabled: false, bucket: '', accessKey: '' } });
    await applyBackupSettings(client, config({ BACKUP_CRON: 'off' }));
    expect((await settingsOf()).cron).toBe('');
  });

  it('a restore from PocketBase itself (its dashboard) brings the data back and leaves the secrets on the server in place', async () => {
    const client = await signInService(pb.url, pb.service);
    const keyBefore = await readFile(path.join(pb.dataDir, 'credential-signing-key.json'), 'utf8');
    await client.backups.create('dashboard.zip');
    const late = await createUser(service, { email: 'after-the-backup@example.org', password: PASSWORD, display_name: 'Late Comer', roles: ['trainee'] });

    await client.backups.restore('dashboard.zip'); // PocketBase restarts itself on the restored folder
    const gone = async () => {
      try {
        const again = await signInService(pb.url, pb.service);
        await again.collection('users').getOne(late.id);
        return false;
      } catch (error) {
        return (error as { status?: number }).status === 404;
      }
    };
    for (const started = Date.now(); !(await gone()); await new Promise((r) => setTimeout(r, 200))) {
      if (Date.now() - started > 20_000) throw new Error('PocketBase did not come back restored within 20 s');
    }
    expect(await readFile(path.join(pb.dataDir, 'credential-signing-key.json'), 'utf8')).toBe(keyBefore);
    expect((await readFile(path.join(pb.dataDir, 'service-account.json'), 'utf8')).length).toBeGreaterThan(0);
    service = await serviceClient(pb);
    expect((await snapshot(service)).counts).toEqual(before.counts);
  });

  it('backs up through the running PocketBase; the backup holds no secrets; the secrets are saved apart', async () => {
    const client = await signInService(pb.url, pb.service);
    const name = backupFileName(new Date());
    const made = await backupRunning({ pb: client, dataDir: pb.dataDir, name, outDir: path.join(tmp, 'off-site') });
    expect(made.kept).toBe(path.join(pb.dataDir, 'backups', name));
    onlineCopy = made.copy!;
    const names = Object.keys(unzipSync(await readFile(onlineCopy)));
    expect(names).toContain('data.db');
    expect(names).toContain(`storage/${(await service.collections.getOne('evidence')).id}/${evidence.id}/${evidence.file}`);
    for (const secret of SECRET_FILES) expect(names, secret).not.toContain(secret);

    secretsFile = path.join(tmp, 'kept-apart', 'secrets.json');
    const saved = await saveSecrets({ dataDir: pb.dataDir, file: secretsFile, now: new Date() });
    expect(saved.saved).toContain('credential-signing-key.json');

    // Wipe: PocketBase stopped and its data folder gone (the copy lives elsewhere).
    const url = pb.url;
    await pb.stop({ keepDataDir: true });
    stoppedBackup = (await backupStopped({ dataDir: pb.dataDir, name: 'stopped.zip', outDir: path.join(tmp, 'off-site') })).file;
    await rm(path.dirname(pb.dataDir), { recursive: true, force: true });
    expect(await pocketBaseAnswers(url)).toBe(false);
  });

  it('restores the online backup into a fresh folder: same rows, same records, same file, the certificate verifies', async () => {
    expect(onlineCopy).toBeDefined();
    await expectSameAsBefore(await restoreAndStart(onlineCopy, 'fresh-online'));
  });

  it('restores the backup made with the site stopped just the same', async () => {
    expect(stoppedBackup).toBeDefined();
    const names = Object.keys(unzipSync(await readFile(stoppedBackup)));
    for (const secret of SECRET_FILES) expect(names, secret).not.toContain(secret);
    await expectSameAsBefore(await restoreAndStart(stoppedBackup, 'fresh-stopped'));
  });
});
