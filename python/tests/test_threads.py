"""Threads and asyncio: the C++ work runs with the GIL released, and calls from several threads
at once give the answers one thread gives."""

import asyncio
import threading
import time

import wildplan
import wildplan.aio

PLAN = "".join(f"- [{' x'[i % 2]}] Task {i}: step number {i} of the work\n" for i in range(1, 400))
REPLY = ("Some prose about the work. " * 40 + "\n") * 40 + f"<plan>\n# Tasks\n{PLAN}</plan>\n" \
    "<summary>done with it</summary>\n<promise>WAITING</promise>\n"


def answers(text):
    r = wildplan.extract(text)
    v = wildplan.validate(r.plan)
    return (r.signals.summary, r.signals.promise, len(r.plan.tasks),
            r.plan.counts[wildplan.Status.DONE], v.profile, len(v), r.to_json())


def test_many_threads_at_once_agree_with_one():
    texts = [REPLY.replace("done with it", f"reply {i}") for i in range(6)]
    want = [answers(t) for t in texts]
    got = {}
    errors = []

    def worker(k):
        try:
            for r in range(6):
                i = (k + r) % len(texts)
                got.setdefault(i, []).append(answers(texts[i]))
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for i, results in got.items():
        assert all(r == want[i] for r in results)


def test_the_gil_is_released_during_the_work():
    big = REPLY * 40  # ~4 MB: tens of milliseconds of C++ work per call
    done = threading.Event()
    ticks = 0

    def work():
        for _ in range(3):
            wildplan.extract(big)
        done.set()

    t = threading.Thread(target=work)
    start = time.perf_counter()
    t.start()
    while not done.is_set():
        ticks += 1
    t.join()
    elapsed = time.perf_counter() - start
    # The main thread kept running Python code the whole time the extractions ran: with the GIL
    # held, it would run only in the interpreter's switch intervals between calls.
    assert elapsed > 0.01
    assert ticks > 10000, (ticks, elapsed)


def test_aio_runs_in_a_worker_thread_and_the_loop_keeps_serving():
    async def main():
        beats = 0

        async def heartbeat():
            nonlocal beats
            while True:
                beats += 1
                await asyncio.sleep(0)

        hb = asyncio.create_task(heartbeat())
        replies = await asyncio.gather(*(wildplan.aio.extract(REPLY * 10) for _ in range(4)))
        hb.cancel()
        return replies, beats

    replies, beats = asyncio.run(main())
    assert all(r.signals.promise == "WAITING" for r in replies)
    assert beats > 1
