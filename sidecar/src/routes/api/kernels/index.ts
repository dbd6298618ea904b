import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { kernels } from '@studio-teams/core';
import {
  ErrorResponse,
  InstallIpykernelBody,
  InstallJob,
  InstallJobParams,
  KernelNameParams,
  KernelsChangeResponse,
  KernelsStatus,
  RegisterKernelBody,
  RenameKernelBody,
} from '@studio-teams/schema';
import { notFound } from '../../../errors';
import { SingleFlightCache } from '../../../single-flight-cache';
import { commonErrorResponses } from '../../error-responses';
import { answer } from './failures';
import { InstallJobs } from './install-jobs';

/**
 * Kernels: the Python environments of the home and the user's kernelspecs (GET), and the changes
 * between them. Files only, no AWS: it works outside Studio too. Only kernelspecs we wrote are
 * renamed or removed.
 */
const kernelsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { max, timeWindowMs } = fastify.config.mutationRateLimit;
  const rateLimit = { rateLimit: { max, timeWindow: timeWindowMs } };
  const env = fastify.config.env;
  const options = { env };
  const jobs = new InstallJobs(env);
  // Tabs asking at the same moment share one walk of the home; nothing is kept once it is done.
  const listing = new SingleFlightCache(() => kernels.kernelsStatus(options), 0);
  /** The state after a change: a walk started before the change must not answer for it. */
  const status = () => {
    listing.invalidate();
    return listing.get();
  };
  const changeResponses = {
    200: KernelsChangeResponse,
    400: ErrorResponse,
    404: ErrorResponse,
    409: ErrorResponse,
    429: ErrorResponse,
    ...commonErrorResponses,
  };

  fastify.get(
    '',
    {
      schema: {
        summary: 'The Python environments under your home and the kernels of your Jupyter data dir',
        description:
          'pipenv, poetry, uv, plain venvs (`.venv`/`venv` in project folders, four levels deep, hidden ' +
          'folders and node_modules skipped) and conda environments, each with its Python version, ' +
          'whether ipykernel is installed and which kernel runs it; every kernelspec, ours or not, with ' +
          'whether its interpreter still exists. Read from files; no Python is started.',
        tags: ['kernels'],
        response: { 200: KernelsStatus, ...commonErrorResponses },
      },
    },
    async () => listing.get(),
  );

  fastify.post(
    '/specs',
    {
      config: rateLimit,
      schema: {
        summary: 'Register a kernel for an environment',
        description:
          'Writes `<kernels>/<name>/kernel.json` running the environment’s own python with ' +
          'ipykernel_launcher. 400 for a name Jupyter would not accept, 404 when the environment is ' +
          'gone, 409 when the name is taken, the environment has no ipykernel or its python is missing.',
        tags: ['kernels'],
        body: RegisterKernelBody,
        response: changeResponses,
      },
    },
    async (request) =>
      answer(async () => {
        const done = await kernels.registerKernel(env, request.body);
        request.log.info({ kernel: done.name, environment: request.body.environment }, 'kernel registered');
        return {
          message: `Kernel “${done.displayName}” registered as ${done.name}.`,
          status: await status(),
        };
      }),
  );

  fastify.patch(
    '/specs/:name',
    {
      config: rateLimit,
      schema: {
        summary: 'Rename a kernel registered here: its folder name, its display name, or both',
        description: '409 for a kernel Studio for Teams did not register, or a new name that is taken.',
        tags: ['kernels'],
        params: KernelNameParams,
        body: RenameKernelBody,
        response: changeResponses,
      },
    },
    async (request) =>
      answer(async () => {
        const done = await kernels.renameKernel(env, request.params.name, request.body);
        request.log.info({ kernel: request.params.name, to: done.name }, 'kernel renamed');
        return { message: `Kernel is now “${done.displayName}” (${done.name}).`, status: await status() };
      }),
  );

  fastify.delete(
    '/specs/:name',
    {
      config: rateLimit,
      schema: {
        summary: 'Unregister a kernel registered here',
        description:
          'Removes its kernelspec folder; the environment stays. App start will not register it again ' +
          'until you do. 409 for a kernel Studio for Teams did not register.',
        tags: ['kernels'],
        params: KernelNameParams,
        response: changeResponses,
      },
    },
    async (request) =>
      answer(async () => {
        await kernels.unregisterKernel(env, request.params.name);
        request.log.info({ kernel: request.params.name }, 'kernel unregistered');
        return { message: `Kernel ${request.params.name} unregistered.`, status: await status() };
      }),
  );

  fastify.post(
    '/remove-stale',
    {
      config: rateLimit,
      schema: {
        summary: 'Remove the kernels registered here whose interpreter is gone',
        tags: ['kernels'],
        response: changeResponses,
      },
    },
    async (request) =>
      answer(async () => {
        const removed = await kernels.removeStaleKernels(env);
        request.log.info({ removed }, 'stale kernels removed');
        const message =
          removed.length === 0 ? 'No stale kernels.' : `Removed ${removed.length}: ${removed.join(', ')}.`;
        return { message, status: await status() };
      }),
  );

  fastify.post(
    '/ipykernel',
    {
      config: rateLimit,
      schema: {
        summary: 'Install ipykernel into an environment (with its own pip, or uv); poll the job returned',
        description:
          '202 with a job to poll at `/api/kernels/ipykernel/:id`. 404 when the environment is gone, 409 ' +
          'when its python is missing. The installer uses the container’s pip configuration (index, proxy); ' +
          '`STUDIO_KERNELS_PIP_ARGS` adds arguments, e.g. `--no-index --find-links /wheels` offline.',
        tags: ['kernels'],
        body: InstallIpykernelBody,
        response: {
          202: InstallJob,
          400: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          429: ErrorResponse,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) =>
      answer(async () => {
        // Refused at once when it cannot start, rather than as a failed job a poll later.
        await kernels.usableEnvironment(env, request.body.environment, { needIpykernel: false });
        const job = jobs.start(request.body.environment);
        request.log.info({ job: job.id, environment: job.environment }, 'ipykernel install started');
        return reply.code(202).send(job);
      }),
  );

  fastify.get(
    '/ipykernel/:id',
    {
      schema: {
        summary: 'An ipykernel install: running, succeeded or failed, with the installer’s last lines',
        tags: ['kernels'],
        params: InstallJobParams,
        response: { 200: InstallJob, 400: ErrorResponse, 404: ErrorResponse, ...commonErrorResponses },
      },
    },
    async (request) => {
      const job = jobs.get(request.params.id);
      if (!job) throw notFound(`no install job ${request.params.id} (finished jobs are kept 10 minutes)`);
      return job;
    },
  );
};
export default kernelsRoutes;
