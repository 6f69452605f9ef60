"""The launcher's start-up cache: `./ownkms` trains the JDK's AOT cache once per build and starts
every later JVM with it; the training run itself leaves nothing behind."""

import os
import subprocess
import tempfile
from pathlib import Path

from conftest import REPO_ROOT

AOT = REPO_ROOT / "target" / "ownkms-classes.aot"
JAR = REPO_ROOT / "target" / "ownkms.jar"


def test_launcher_keeps_a_start_up_cache_newer_than_the_jar():
    subprocess.run(["./ownkms", "--version"], cwd=REPO_ROOT, check=True, capture_output=True)
    assert AOT.is_file()
    assert AOT.stat().st_mtime >= JAR.stat().st_mtime


def test_aot_training_serves_a_first_client_and_removes_its_data_directory():
    before = set(Path(tempfile.gettempdir()).glob("ownkms-aot-training-*"))
    env = dict(os.environ, OWNKMS_NO_AOT="1")  # the plain run: nothing cached or written
    result = subprocess.run(["./ownkms", "aot-training"], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert set(Path(tempfile.gettempdir()).glob("ownkms-aot-training-*")) == before
