"""Export a sentence-transformers model to what workers/text/embedding.py runs: an ONNX graph
of its transformer, its tokenizer as one `tokenizer.json`, and `embedding.json` (pooling,
word-piece limit, dimensions).

This is the one place that imports torch and sentence-transformers, and it runs in a child
process (`python -m workers.text.onnx_export LOCATION DIRECTORY`), so a worker that exports
on first use does not keep torch's ~360 MB for the rest of its life. Exit codes tell the
parent why an export failed: 3 when torch or sentence-transformers is missing, 4 when the
model cannot be loaded or exported.
"""

import importlib
import json
import sys
from pathlib import Path
from typing import Any

EXIT_EXTRA_MISSING = 3
EXIT_MODEL_UNUSABLE = 4

# Mean and CLS pooling are what sentence-transformers' text models use; other modes would
# need their own numpy code in embedding.py.
SUPPORTED_POOLING = {"mean", "cls"}


class UnsupportedModel(ValueError):
    """The model's modules are not a transformer, a pooling and an optional normalisation."""


def export(location: str, directory: Path) -> None:
    """Write model.onnx, tokenizer.json and embedding.json for `location` into `directory`."""
    sentence_transformers = importlib.import_module("sentence_transformers")
    torch = importlib.import_module("torch")
    model = sentence_transformers.SentenceTransformer(location, device="cpu")
    transformer, pooling = _modules(model)
    transformer.tokenizer.backend_tokenizer.save(str(directory / "tokenizer.json"))
    # Traced from the plain attention, the graph ran 7% faster on ONNX Runtime than traced
    # from torch's fused kernel (77-79 against 83-86 ms per 256-token article).
    transformer.auto_model.set_attn_implementation("eager")
    # The inputs the tokenizer gives (BERT's token_type_ids, MPNet has none), by name.
    names = list(transformer.tokenizer.model_input_names)
    graph = _by_position(transformer.auto_model, names, torch).eval()
    samples = tuple(torch.ones(1, 8, dtype=torch.long) for _ in names)
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        # The TorchScript exporter: the dynamo one's graph of this BERT gave vectors with
        # nothing in common with torch's (cosine ~0) when measured on news articles.
        torch.onnx.export(
            graph,
            samples,
            str(directory / "model.onnx"),
            input_names=names,
            output_names=["token_embeddings"],
            dynamic_axes={name: axes for name in [*names, "token_embeddings"]},
            opset_version=17,
            dynamo=False,
        )
    description = {
        "pooling": pooling,
        "max_tokens": int(transformer.max_seq_length),
        "dimensions": int(model.get_embedding_dimension()),
    }
    (directory / "embedding.json").write_text(json.dumps(description))


def _modules(model: Any) -> tuple[Any, str]:
    """The transformer module and the pooling mode of a supported model."""
    kinds = [type(module).__name__ for module in model]
    if kinds[:2] != ["Transformer", "Pooling"] or kinds[2:] not in ([], ["Normalize"]):
        raise UnsupportedModel(f"modules {kinds}: newsfold runs Transformer, Pooling[, Normalize]")
    pooling = str(model[1].pooling_mode)
    if pooling not in SUPPORTED_POOLING:
        raise UnsupportedModel(f"pooling {pooling!r}: newsfold runs {sorted(SUPPORTED_POOLING)}")
    return model[0], pooling


def _by_position(auto_model: Any, names: list[str], torch: Any) -> Any:
    """A module giving the transformer's token embeddings from its inputs in `names` order
    (the exporter traces positional arguments; the model takes them by name). A factory, as
    torch is imported only when exporting."""

    class Transformer(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.model = auto_model

        def forward(self, *inputs: Any) -> Any:
            return self.model(**dict(zip(names, inputs, strict=True))).last_hidden_state

    return Transformer()


def main(argv: list[str]) -> int:
    """Export argv[0] into directory argv[1]; the exit code says why it failed."""
    location, directory = argv
    try:
        export(location, Path(directory))
    except ImportError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_EXTRA_MISSING
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_MODEL_UNUSABLE
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
