"""The self-describing schema: every field described, the committed schema the one the model
gives, and a real YAML language server (as editors run it) that completes, explains and
checks a briefing with it."""

from __future__ import annotations

import inspect
import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from pydantic import BaseModel, TypeAdapter

from builders import cli, model
from builders.field_docs import FIELD_DOCS, field_doc
from builders.new import new_briefing
from tests.conftest import ROOT


def briefing_models() -> list[type[BaseModel]]:
    return [cls for _, cls in inspect.getmembers(model, inspect.isclass)
            if issubclass(cls, model.Frozen) and cls is not model.Frozen
            and cls.__module__ == model.__name__]


def test_every_field_of_the_model_has_a_description():
    missing = [f"{cls.__name__}.{name}" for cls in briefing_models()
               for name in cls.model_fields if f"{cls.__name__}.{name}" not in FIELD_DOCS]
    assert missing == [], f"describe these fields in builders/field_docs.py: {missing}"


def test_no_description_names_a_field_that_does_not_exist():
    fields = {f"{cls.__name__}.{name}" for cls in briefing_models() for name in cls.model_fields}
    assert sorted(set(FIELD_DOCS) - fields) == []


def test_every_example_is_a_value_the_field_accepts():
    for cls in briefing_models():
        for name, info in cls.model_fields.items():
            _, examples = field_doc(cls.__name__, name)
            for example in examples:
                TypeAdapter(info.annotation).validate_python(example)


def test_the_schema_carries_the_descriptions_and_examples():
    schema = json.loads(cli.schema_document())
    assert schema["properties"]["classification"]["description"].startswith(
        "Classification marking, printed in capitals")
    assert schema["properties"]["language"]["examples"] == ["nl", "en"]
    assert schema["$defs"]["Memo"]["properties"]["from"]["description"] == (
        "Who sends it: the header block's Van / From.")
    described = [key for definition in [schema, *schema["$defs"].values()]
                 for key, value in definition.get("properties", {}).items()
                 if "description" not in value]
    assert described == []


def test_the_committed_schema_is_regenerated_from_the_model():
    assert (ROOT / "briefing.schema.json").read_text(encoding="utf-8") == cli.schema_document(), (
        "run `invoke schema` and commit briefing.schema.json")


# ------------------------------------------------------------------ a real language server

SERVER = ROOT / ".ci" / "node_modules" / ".bin" / "yaml-language-server"
INSTALL = ("npm install --no-save --prefix .ci yaml-language-server@1.19.2 (as .ci/run does)")


class LanguageServer:
    """yaml-language-server over stdio, spoken to in JSON-RPC as an editor does."""

    def __init__(self, command: list[str]):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages: queue.Queue = queue.Queue()
        self.diagnostics: list[dict] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if not line.strip():
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict, timeout: float = 30) -> dict:
        self.next_id += 1
        asked = self.next_id
        self.send({"id": asked, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self._next(deadline)
            if message is not None and message.get("id") == asked and "method" not in message:
                assert "error" not in message, message
                return message["result"]
        raise TimeoutError(f"{method}: no answer in {timeout} s")

    def wait_for_diagnostics(self, timeout: float = 30) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not any(d["diagnostics"] for d in self.diagnostics):
            self._next(min(deadline, time.monotonic() + 0.5))
        return [item for d in self.diagnostics for item in d["diagnostics"]]

    def _next(self, deadline: float) -> dict | None:
        try:
            message = self.messages.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            return None
        if "id" in message and "method" in message:  # the server asks for its settings
            items = message["params"].get("items", [])
            answer = [{"validate": True, "hover": True, "completion": True}] * len(items)
            self.send({"id": message["id"], "result": answer if items else None})
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics.append(message["params"])
        return message

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=5)
            self.notify("exit", {})
            self.process.wait(timeout=5)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """A new briefing (schema beside it) opened in the language server, one key misspelt."""
    if shutil.which("node") is None or not SERVER.exists():
        pytest.skip(f"yaml-language-server is not installed; install it with: {INSTALL}")
    folder = tmp_path_factory.mktemp("editor")
    new_briefing(folder, "nl")
    document = folder / "briefing.yaml"
    text = document.read_text(encoding="utf-8").replace("key_messages:", "key_mesages:", 1)
    server = LanguageServer([str(SERVER), "--stdio"])
    try:
        server.request("initialize", {
            "processId": None, "rootUri": folder.as_uri(),
            "workspaceFolders": [{"uri": folder.as_uri(), "name": "briefing"}],
            "capabilities": {"workspace": {"configuration": True}, "textDocument": {
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "completion": {"completionItem": {"documentationFormat": ["markdown"]}}}}})
        server.notify("initialized", {})
        server.notify("workspace/didChangeConfiguration", {"settings": {"yaml": {
            "validate": True, "hover": True, "completion": True}}})
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": document.as_uri(), "languageId": "yaml", "version": 1, "text": text}})
        yield server, document.as_uri(), text.splitlines()
    finally:
        server.close()


def line_of(lines: list[str], start: str) -> int:
    return next(number for number, line in enumerate(lines) if line.startswith(start))


def test_the_editor_explains_a_field_on_hover(editor):
    server, uri, lines = editor
    hover = server.request("textDocument/hover", {
        "textDocument": {"uri": uri},
        "position": {"line": line_of(lines, "classification:"), "character": 3}})
    text = hover["contents"]["value"]
    assert "Classification marking, printed in capitals at the top and foot of every memo page" in text
    assert "DEPARTEMENTAAL VERTROUWELIJK" in text  # an example


def test_the_editor_completes_the_keys_of_the_memo_with_their_meaning(editor):
    server, uri, lines = editor
    result = server.request("textDocument/completion", {
        "textDocument": {"uri": uri},
        "position": {"line": line_of(lines, "  to:"), "character": 2}})
    items = result["items"] if isinstance(result, dict) else result
    documented = {item["label"]: str(item.get("documentation", "")) for item in items}
    assert "reference" in documented and "cc" in documented
    assert "Kenmerk / Reference" in documented["reference"]


def test_the_editor_flags_the_misspelt_key(editor):
    server, _, lines = editor
    found = server.wait_for_diagnostics()
    misspelt = [item for item in found if item["message"] == "Property key_mesages is not allowed."]
    assert len(misspelt) == 1, found
    assert misspelt[0]["range"]["start"]["line"] == line_of(lines, "        key_mesages:")
    assert any(item["message"] == 'Missing property "key_messages".' for item in found)
