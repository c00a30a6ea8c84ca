"""/sparql on a SPARQL-server store: queries forwarded to the server's query endpoint.

The worker-process pool (api/query_runner.py) opens a local directory read-only; a store on
a server has none, and the server runs the query itself. So this runner has the pool's
interface (`run(job) -> Answer`, start/close, bump_generation) but forwards each job over
HTTP on a handle whose timeout is the configured time limit (a query past it is a 503
naming the endpoint), bounds concurrent queries with a semaphore (a query that waits past
`queue_timeout` is a 503), and serialises results with the same code as the workers
(query_runner.execute), so headers, row caps and formats are the same.
"""

from __future__ import annotations

import asyncio

from fastapi.concurrency import run_in_threadpool
from provkg.api.query_runner import Answer, Busy, Job, QueryError, QueryTimeout, execute
from provkg.graph.remote import ResultsTruncated, SparqlServerStore, StoreUnavailable


class RemoteQueryRunner:
    def __init__(self, store: SparqlServerStore, size: int, timeout: float, queue_timeout: float) -> None:
        self.store = store.with_timeout(timeout)
        self.size = size
        self.timeout = timeout
        self.queue_timeout = queue_timeout
        self.pids: list[int] = []  # no worker processes: the server runs the queries
        self._slots = asyncio.Semaphore(size)

    async def start(self) -> None:
        """Nothing to start: the server is already up (opening the store checked it answers)."""

    async def close(self) -> None:
        self.store.close()

    def bump_generation(self) -> None:
        """Nothing to reopen: every query reads the server's current state."""

    async def run(self, job: Job) -> Answer:
        try:
            await asyncio.wait_for(self._slots.acquire(), self.queue_timeout)
        except TimeoutError:
            raise Busy(f"{self.size} queries are running; try again shortly") from None
        try:
            return await run_in_threadpool(self._execute, job)
        finally:
            self._slots.release()

    def _execute(self, job: Job) -> Answer:
        try:
            return execute(self.store, job)
        except StoreUnavailable as e:
            if "no answer within" in str(e):
                raise QueryTimeout(f"the query ran past the time limit of {self.timeout:g} s: {e}") from e
            raise QueryError(str(e), 503) from e
        except ResultsTruncated as e:
            raise QueryError(str(e), 502) from e
