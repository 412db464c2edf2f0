"""The README's Tutorial, run as written: its first ```sh block, line by line, in a throwaway
directory, with the built wildplan on the PATH. Every line must succeed but the commit the hook
is there to refuse; then the results the Tutorial promises are checked with the git CLI."""
import os
import re
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WILDPLAN = os.environ.get("WILDPLAN", os.path.join(ROOT, "build", "ci", "cli", "wildplan"))


def tutorial_lines():
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    section = text[text.index("## Tutorial"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [l for l in block.splitlines() if l.strip() and not l.lstrip().startswith("#")]


def test_the_tutorial_runs_as_written():
    lines = tutorial_lines()
    refused = [l for l in lines if l.startswith("git commit") and "a broken edit" in l]
    assert len(refused) == 1, "the Tutorial shows one commit the hook refuses"
    with tempfile.TemporaryDirectory() as tmp:
        # The Tutorial starts in a clone's top: its fixtures are there.
        os.symlink(os.path.join(ROOT, "fixtures"), os.path.join(tmp, "fixtures"))
        with open(os.path.join(tmp, ".gitconfig"), "w") as f:
            f.write("[user]\n\tname = Tutorial\n\temail = tutorial@example.com\n"
                    "[init]\n\tdefaultBranch = main\n")
        bindir = os.path.join(tmp, "bin")
        os.mkdir(bindir)
        os.symlink(os.path.abspath(WILDPLAN), os.path.join(bindir, "wildplan"))
        # Each line is checked: one that fails (but the refused commit) stops the script.
        script = ["set -u"]
        for line in lines:
            if line in refused:
                script.append(line + ' && { echo "NOT REFUSED: ' + line + '" >&2; exit 3; }')
            else:
                script.append(line + ' || { echo "FAILED: ' + line.replace('"', '\\"')
                              + '" >&2; exit 4; }')
        env = dict(os.environ, HOME=tmp, PATH=bindir + os.pathsep + os.environ["PATH"],
                   GIT_CONFIG_NOSYSTEM="1", NO_COLOR="1")
        for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "WILDPLAN_TASKS"):
            env.pop(k, None)
        r = subprocess.run(["bash", "-c", "\n".join(script)], cwd=tmp, env=env,
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stdout + r.stderr
        demo = os.path.join(tmp, "demo")
        git = lambda *a: subprocess.run(["git", "-C", demo, *a], capture_output=True, text=True,
                                        env=env, check=True).stdout
        log = git("log", "--format=%s")
        assert re.search(r"^wild-v2: iteration 0", log, re.M), log
        assert "a broken edit" not in log, log
        assert log.splitlines()[0] == "Task 1 done", log
        assert "commit refused" in r.stderr and "--no-verify" in r.stderr, r.stderr
        assert "task-duplicate-id" in r.stderr, r.stderr  # the finding, with its line
        assert ": ok (profile" not in r.stderr, r.stderr  # quiet when all is well
        tasks = open(os.path.join(demo, "tasks.md"), encoding="utf-8").read()
        assert re.search(r"^- \[x\] Task 1: Create the environment", tasks, re.M), tasks
        assert re.search(r"^- \[ \] Task \S+: Publish the results$", tasks, re.M), tasks
        assert "Duplicate" not in tasks, tasks
        shutil.rmtree(demo)
