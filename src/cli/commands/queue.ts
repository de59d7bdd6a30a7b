import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_LOCK_MS, DEFAULT_QUEUE, DEFAULT_SHARD_PATHS, redisUrlProblem } from '../../queue/settings.js';
import { escapeControlCharacters } from '../../text/controlCharacters.js';
import { CliOutput } from '../output.js';
import { abortOnSignals, type CommandContext, EXIT } from '../shared.js';
import { BAD_INPUT, commandHelp, ENVIRONMENT, integer, JSON_HELP, jsonOption, outOption, quietOption, scenarioRootOption, settingOption, yearList } from '../options.js';
import { batchCommand } from './batch.js';

/** `--redis <url>` with EASTWARD_REDIS_URL; one of the two is required. */
function redisOption(): Option {
  return new Option('--redis <url>', `Redis server of the queue (required: the flag or ${ENVIRONMENT.redis})`)
    .env(ENVIRONMENT.redis)
    .makeOptionMandatory()
    .argParser((raw: string) => {
      const problem = redisUrlProblem(raw);
      if (problem) throw new InvalidArgumentError(problem);
      return raw;
    });
}

function queueNameOption(): Option {
  return new Option('--queue <name>', 'queue name (submitter and workers must agree)').default(DEFAULT_QUEUE);
}

/** `eastward queue worker`: take shard jobs until stopped (Ctrl-C, SIGTERM) or, with --exit-when-idle, once the queue has been empty that long. */
async function workerCommand(out: CliOutput, opts: { redis: string; queue: string; workers?: number; concurrency: number; lockDuration: number; exitWhenIdle?: number }): Promise<number> {
  const stop = abortOnSignals('SIGINT', 'SIGTERM');
  try {
    // BullMQ and ioredis load only when a queue is used (queue/settings.ts).
    const { runQueueWorker } = await import('../../queue/queue.js');
    await runQueueWorker({
      redis: opts.redis,
      queue: opts.queue,
      threads: opts.workers,
      concurrency: opts.concurrency,
      lockDurationMs: opts.lockDuration,
      exitWhenIdleMs: opts.exitWhenIdle === undefined ? undefined : opts.exitWhenIdle * 1000,
      signal: stop.signal,
      onEvent: (m) => out.info(escapeControlCharacters(m)),
    });
    out.info(stop.signal.aborted ? 'worker stopped' : 'queue idle: worker done');
    return EXIT.ok;
  } finally {
    stop.dispose();
  }
}

/** Register `eastward queue submit` and `eastward queue worker` on the program. */
export function registerQueue(program: Command, { out, act }: CommandContext): void {
  const queue = program
    .command('queue')
    .description('Run batches on a BullMQ job queue in Redis: `submit` splits scenarios into path ranges (jobs) and writes the batch folder once workers on any machines have run them; `worker` runs jobs.');

  queue
    .command('submit')
    .usage('--out <dir> --redis <url> [options] <input...>')
    .description('Submit every scenario of folders or files as shard jobs, wait for the workers, merge each scenario\'s shards and write DIR as `eastward batch` does (report folders with manifest.json, index.html, index.md, comparison.csv, batch.json): the same bytes as a local batch with the same seeds and runs.')
    .argument('<input...>', 'folders (their *.json files) or scenario files')
    .addOption(outOption('output folder (required: the flag or EASTWARD_OUT)', { required: true }))
    .addOption(redisOption())
    .addOption(queueNameOption())
    .addOption(settingOption('runs', 'paths per scenario (default: each scenario\'s simulation.runs)'))
    .addOption(settingOption('seed', 'seed for every scenario (default: each scenario\'s simulation.seed)'))
    .addOption(new Option('--shard-paths <n>', `paths per job, rounded up to a multiple of 1024 (default: ${DEFAULT_SHARD_PATHS})`).argParser(integer('--shard-paths', 1, 100_000_000)).default(DEFAULT_SHARD_PATHS))
    .option('--force', 'rerun scenarios whose report is up to date', false)
    .option('--table-years <years>', 'years the tables show, e.g. 2027,2030', yearList)
    .addOption(scenarioRootOption())
    .addOption(jsonOption(JSON_HELP.batch.replace('{ ok, command,', '{ ok, command: "queue submit",')))
    .addOption(quietOption())
    .addHelpText('after', commandHelp(
      ['eastward queue submit scenarios --out out/library --redis redis://queue-host:6379', 'EASTWARD_REDIS_URL=redis://127.0.0.1:6379 eastward queue submit scenarios/baseline.json --runs 10000000 --shard-paths 500000 --out out/big'],
      { 0: 'every scenario ran or was unchanged', 1: 'a scenario failed (e.g. its jobs failed on the workers; the others completed)', 2: `an invalid scenario was skipped, Redis cannot be reached, or ${BAD_INPUT}`, 130: 'interrupted: finished reports are whole; submit again to resume (finished jobs are reused)' },
    ))
    .action((inputs: string[], opts: { out: string; redis: string; queue: string; runs?: number; seed?: number; shardPaths: number; force: boolean; tableYears?: number[]; scenarioRoot?: string; json?: boolean; quiet?: boolean }) =>
      act('queue submit', opts, () =>
        batchCommand(out, inputs, opts, {
          command: 'queue submit',
          engine: async (signal) => (await import('../../queue/queue.js')).queueEngine({ redis: opts.redis, queue: opts.queue, shardPaths: opts.shardPaths, signal, onEvent: (m) => out.info(m), onWarning: (m) => out.warn(m) }),
        }),
      ),
    );

  queue
    .command('worker')
    .description('Take shard jobs from the queue and run each on this machine\'s worker threads, storing the shard in Redis; a job whose worker dies is taken again by another once its lock expires. Runs until Ctrl-C or SIGTERM (the job in hand is finished first), or with --exit-when-idle until the queue has been empty that long.')
    .addOption(redisOption())
    .addOption(queueNameOption())
    .addOption(settingOption('workers', 'worker threads of this machine\'s pool; 0 runs jobs in this thread (default: cores available)'))
    .addOption(new Option('--concurrency <n>', 'jobs at once (default 1: one job already uses every thread)').argParser(integer('--concurrency', 1, 256)).default(1))
    .addOption(new Option('--lock-duration <ms>', 'how long a job\'s lock lasts unless renewed; a dead worker\'s job is taken again after about this long').argParser(integer('--lock-duration', 1000, 3_600_000)).default(DEFAULT_LOCK_MS))
    .addOption(new Option('--exit-when-idle <seconds>', 'exit once the queue has had nothing waiting, delayed or active for this long (for a Kubernetes Job; give a submitter started at the same time time to submit)').argParser(integer('--exit-when-idle', 1, 86_400)))
    .addOption(quietOption())
    .addHelpText('after', commandHelp(
      ['eastward queue worker --redis redis://queue-host:6379', 'EASTWARD_REDIS_URL=redis://queue-host:6379 eastward queue worker --workers 8 --exit-when-idle 60'],
      { 0: 'stopped (Ctrl-C, SIGTERM) or, with --exit-when-idle, the queue stayed empty', 1: 'the worker failed', 2: `Redis cannot be reached, or ${BAD_INPUT}` },
    ))
    .action((opts: { redis: string; queue: string; workers?: number; concurrency: number; lockDuration: number; exitWhenIdle?: number; quiet?: boolean }) => act('queue worker', opts, () => workerCommand(out, opts)));
}
