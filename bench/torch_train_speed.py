#!/usr/bin/env python3
"""Train the bench's MLP and CNN with PyTorch on the data dumped by bench/dump-mnist.mjs and print JSON.

The models are rebuilt from the layer list in the data folder's manifest.json and see the batches in the dumped
per-epoch order. They start from the dumped tfjs weights: dense kernels [in, out] are transposed to [out, in], and
convolution kernels from HWIO to OIHW. Timing follows the manifest's protocol as bench/essence-train-worker.mjs does:
warm-up batches, then equal runs of consecutive batches, samples/s per run, and their median, min and max. Each step
does what @essence/core's
train() does per batch: forward pass in training mode, mean cross-entropy on logits, backward pass, Adam step, and
reading back the loss and the number of correct predictions.

Usage: /usr/bin/python3 bench/torch_train_speed.py [--data-dir DIR] [--models mlp,cnn] [--threads 1,2]

Prints one JSON object on stdout: {"framework": "pytorch", "versions": ..., "results": [one per model and thread
count]}. Needs PyTorch (tested with Debian's python3-torch 1.13) and NumPy.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DATA_FORMAT = "essence-bench-data/1"
DEFAULT_DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", ".data")


def read_entry(data_dir, entry):
    """Return the raw little-endian array of a manifest entry as a NumPy array of its shape."""
    dtype = {"float32": "<f4", "int32": "<i4"}[entry["dtype"]]
    values = np.fromfile(os.path.join(data_dir, entry["file"]), dtype=dtype)
    expected = int(np.prod(entry["shape"]))
    if values.size != expected:
        raise ValueError(
            f"{entry['file']} has {values.size} values; expected {expected} for shape {entry['shape']}. "
            "Run `node bench/dump-mnist.mjs` again."
        )
    return values.reshape(entry["shape"])


def read_manifest(data_dir):
    """Return the data folder's manifest, checking its layout version."""
    path = os.path.join(data_dir, "manifest.json")
    try:
        with open(path, encoding="utf-8") as file:
            manifest = json.load(file)
    except OSError as error:
        raise SystemExit(f"cannot read {path} ({error}); run `node bench/dump-mnist.mjs` first.") from error
    if manifest.get("format") != DATA_FORMAT:
        raise SystemExit(f"{path} has format {manifest.get('format')}; expected {DATA_FORMAT}. Dump the data again.")
    return manifest


class FlattenChannelsLast(nn.Module):
    """Flatten NCHW activations in NHWC order, as tfjs's Flatten does, so the dumped dense kernel fits unchanged."""

    def forward(self, x):
        if x.dim() == 4:
            x = x.permute(0, 2, 3, 1)
        return torch.flatten(x, 1)


def activation_module(name, layer_name):
    """Return the module of a tfjs activation name."""
    if name == "relu":
        return nn.ReLU()
    if name == "linear":
        return None
    raise ValueError(f"layer {layer_name}: activation '{name}' is not supported by this script; add it here.")


def build_layer(layer, shape):
    """Return the PyTorch modules of one dumped tfjs layer and the output shape (C, H, W) or (features,)."""
    kind = layer["className"]
    config = layer["config"]
    name = layer["name"]
    if kind == "InputLayer":
        return [], shape
    if kind == "Flatten":
        return [FlattenChannelsLast()], (int(np.prod(shape)),)
    if kind == "Dropout":
        return [nn.Dropout(config["rate"])], shape
    if kind == "Dense":
        module = nn.Linear(shape[0], config["units"], bias=config["useBias"])
        return [module, activation_module(config["activation"], name)], (config["units"],)
    if kind == "Conv2D":
        if config["padding"] != "valid" or list(config["strides"]) != [1, 1] or list(config["dilationRate"]) != [1, 1]:
            raise ValueError(f"layer {name}: only valid padding, stride 1 and dilation 1 are supported; got {config}.")
        channels, height, width = shape
        kernel_h, kernel_w = config["kernelSize"]
        module = nn.Conv2d(channels, config["filters"], (kernel_h, kernel_w), bias=config["useBias"])
        out_shape = (config["filters"], height - kernel_h + 1, width - kernel_w + 1)
        return [module, activation_module(config["activation"], name)], out_shape
    if kind == "MaxPooling2D":
        if config["padding"] != "valid":
            raise ValueError(f"layer {name}: only valid padding is supported for max pooling; got {config['padding']}.")
        pool = tuple(config["poolSize"])
        strides = tuple(config["strides"])
        channels, height, width = shape
        out_shape = (channels, (height - pool[0]) // strides[0] + 1, (width - pool[1]) // strides[1] + 1)
        return [nn.MaxPool2d(pool, strides)], out_shape
    raise ValueError(f"layer {name}: tfjs layer class {kind} is not supported by this script; add it here.")


def load_weights(module, layer, data_dir):
    """Copy a layer's dumped tfjs weights into its PyTorch module, converting the kernel layout."""
    for weight in layer["weights"]:
        values = read_entry(data_dir, weight)
        if weight["role"] == "kernel":
            # tfjs dense kernels are [in, out] and conv kernels HWIO; PyTorch wants [out, in] and OIHW.
            values = values.T if values.ndim == 2 else values.transpose(3, 2, 0, 1)
            target = module.weight
        elif weight["role"] == "bias":
            target = module.bias
        else:
            raise ValueError(f"layer {layer['name']}: unknown weight role {weight['role']}.")
        if tuple(target.shape) != values.shape:
            raise ValueError(
                f"layer {layer['name']} {weight['role']}: PyTorch shape {tuple(target.shape)} differs from the "
                f"dumped shape {values.shape}."
            )
        with torch.no_grad():
            target.copy_(torch.from_numpy(np.ascontiguousarray(values)))


def build_model(model_manifest, image_shape, data_dir):
    """Return an nn.Sequential equal to the dumped tfjs model, with its initial weights."""
    height, width, channels = image_shape
    shape = (channels, height, width)
    modules = []
    for layer in model_manifest["layers"]:
        layer_modules, shape = build_layer(layer, shape)
        if layer["weights"]:
            load_weights(layer_modules[0], layer, data_dir)
        modules.extend(module for module in layer_modules if module is not None)
    return nn.Sequential(*modules)


def evaluate(net, x, y, count, batch_size):
    """Return mean cross-entropy and accuracy of the first `count` examples in evaluation mode."""
    net.eval()
    loss_sum = 0.0
    correct = 0
    with torch.no_grad():
        for start in range(0, count, batch_size):
            end = min(start + batch_size, count)
            logits = net(x[start:end])
            loss_sum += F.cross_entropy(logits, y[start:end], reduction="sum").item()
            correct += (logits.argmax(1) == y[start:end]).sum().item()
    net.train()
    return {"examples": count, "loss": loss_sum / count, "accuracy": correct / count}


def timing_plan(protocol, total_batches):
    """Return the warm-up and run lengths of a full row, as bench/lib/protocol.mjs computes them."""
    timed = protocol["warmupBatches"] + protocol["runs"] * protocol["batchesPerRun"]
    if timed > total_batches:
        raise ValueError(f"the protocol times {timed} batches, but the training has only {total_batches}.")
    return {
        "capped": False,
        "batchesPerEpoch": total_batches // protocol["epochs"],
        "fullBatches": total_batches,
        "totalBatches": total_batches,
        "warmupBatches": protocol["warmupBatches"],
        "runs": protocol["runs"],
        "batchesPerRun": protocol["batchesPerRun"],
    }


def budget_exceeded(protocol, plan, batches_done, elapsed_seconds):
    """Return whether to stop after `batches_done` batches for the row time budget (see bench/lib/protocol.mjs)."""
    if elapsed_seconds <= protocol["rowBudgetSeconds"]:
        return False
    timed = batches_done - plan["warmupBatches"]
    run_ended = timed > 0 and timed % plan["batchesPerRun"] == 0
    enough_runs = timed // plan["batchesPerRun"] >= protocol["minRuns"]
    return run_ended and enough_runs and batches_done < plan["totalBatches"]


def summarize_runs(plan, start, batch_ends, batch_sizes):
    """Return samples/s per run and their median, min and max; each run spans from the end of the batch before it."""
    per_run = []
    for run in range(plan["runs"]):
        first = plan["warmupBatches"] + run * plan["batchesPerRun"]
        last = first + plan["batchesPerRun"] - 1
        begin = start if first == 0 else batch_ends[first - 1]
        samples = sum(batch_sizes[first : last + 1])
        per_run.append(samples / (batch_ends[last] - begin))
    return {"median": statistics.median(per_run), "min": min(per_run), "max": max(per_run), "runs": per_run}


def train_epochs(net, optimizer, data, protocol, plan):
    """Train for the protocol's epochs, or until the row budget stops it, recording when each batch ends.

    Return the start time, the end time and size of every batch, the mean training loss of each epoch, and whether
    the row budget stopped the training.
    """
    batch_size = protocol["batchSize"]
    count = protocol["trainExamples"]
    batch_ends = []
    batch_sizes = []
    epoch_losses = []
    net.train()
    start = time.perf_counter()
    for epoch in range(protocol["epochs"]):
        order = data["order"][epoch]
        loss_sum = 0.0
        correct = 0
        for first in range(0, count, batch_size):
            index = order[first : first + batch_size]
            x = data["train_x"].index_select(0, index)
            y = data["train_y"].index_select(0, index)
            optimizer.zero_grad(set_to_none=True)
            logits = net(x)
            loss = F.cross_entropy(logits, y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(index)
            correct += (logits.argmax(1) == y).sum().item()
            batch_ends.append(time.perf_counter())
            batch_sizes.append(len(index))
            if budget_exceeded(protocol, plan, len(batch_ends), batch_ends[-1] - start):
                return start, batch_ends, batch_sizes, epoch_losses, True
        epoch_losses.append(loss_sum / count)
    return start, batch_ends, batch_sizes, epoch_losses, False


def train_row(manifest, data_dir, data, model_name, threads):
    """Train one model with `threads` intra-op threads and return its result object."""
    protocol = manifest["protocol"]
    torch.set_num_threads(threads)
    torch.manual_seed(protocol["seed"])
    net = build_model(manifest["models"][model_name], manifest["imageShape"], data_dir)
    optimizer = torch.optim.Adam(
        net.parameters(),
        lr=protocol["learningRate"],
        betas=(protocol["beta1"], protocol["beta2"]),
        eps=protocol["epsilon"],
    )
    init_check = evaluate(net, data["test_x"], data["test_y"], protocol["initCheckExamples"], protocol["evalBatchSize"])

    batch_size = protocol["batchSize"]
    batches_per_epoch = -(-protocol["trainExamples"] // batch_size)
    plan = timing_plan(protocol, batches_per_epoch * protocol["epochs"])
    start, batch_ends, batch_sizes, epoch_losses, budget_stop = train_epochs(net, optimizer, data, protocol, plan)
    measured_seconds = batch_ends[-1] - start

    result = {
        "framework": "pytorch",
        "model": model_name,
        "backend": None,
        "threads": str(torch.get_num_threads()),
        "loop": "pytorch",
        "optimizer": f"torch.optim.Adam(eps={protocol['epsilon']})",
        "status": "measured",
        "capped": False,
        "plan": plan,
        "initCheck": init_check,
        "trainedBatches": len(batch_ends),
        "measuredSeconds": measured_seconds,
        "environment": {name: os.environ.get(name) for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")},
    }
    if budget_stop:
        done = len(batch_ends)
        plan = dict(plan, capped=True, totalBatches=done, runs=(done - plan["warmupBatches"]) // plan["batchesPerRun"])
        speed = summarize_runs(plan, start, batch_ends, batch_sizes)
        budget = protocol["rowBudgetSeconds"]
        reason = f"stopped after {plan['runs']} timed runs because the row ran past its {budget} s budget"
        result.update(status="capped", capped=True, cappedReason=reason, plan=plan, samplesPerSecond=speed)
        result.update(trainSeconds=plan["fullBatches"] * batch_size / speed["median"], trainSecondsExtrapolated=True)
        return result

    test = evaluate(net, data["test_x"], data["test_y"], protocol["testExamples"], protocol["evalBatchSize"])
    result.update(samplesPerSecond=summarize_runs(plan, start, batch_ends, batch_sizes), trainSeconds=measured_seconds)
    result.update(trainSecondsExtrapolated=False, epochLosses=epoch_losses, test=test, testAccuracy=test["accuracy"])
    return result


def load_data(manifest, data_dir):
    """Return the dumped training data, test data and epoch orders as tensors (images NCHW)."""
    height, width, channels = manifest["imageShape"]

    def images(entry):
        values = read_entry(data_dir, manifest["data"][entry])
        return torch.from_numpy(values.reshape(-1, channels, height, width).copy())

    def labels(entry):
        return torch.from_numpy(read_entry(data_dir, manifest["data"][entry]).astype(np.int64))

    return {
        "train_x": images("trainX"),
        "train_y": labels("trainY"),
        "test_x": images("testX"),
        "test_y": labels("testY"),
        "order": torch.from_numpy(read_entry(data_dir, manifest["data"]["order"]).astype(np.int64)),
    }


def loaded_blas_libraries():
    """Return the real paths of the BLAS, LAPACK and oneDNN libraries mapped into this process, or [] off Linux."""
    torch.matmul(torch.ones(64, 64), torch.ones(64, 64))
    found = set()
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                path = line.split()[-1]
                base = os.path.basename(path).lower()
                if path.startswith("/") and any(key in base for key in ("blas", "lapack", "mkl", "dnnl", "gomp")):
                    found.add(os.path.realpath(path))
    except OSError:
        return []
    return sorted(found)


def parse_list(text, convert):
    """Return the comma-separated values of `text` converted with `convert`."""
    return [convert(part) for part in text.split(",") if part.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR, help="folder written by bench/dump-mnist.mjs")
    parser.add_argument("--models", default="mlp,cnn", help="comma-separated models from the manifest")
    parser.add_argument("--threads", default="1,2", help="comma-separated intra-op thread counts to train with")
    args = parser.parse_args()

    data_dir = os.path.abspath(args.data_dir)
    manifest = read_manifest(data_dir)
    data = load_data(manifest, data_dir)
    results = []
    for model_name in parse_list(args.models, str):
        if model_name not in manifest["models"]:
            known = ", ".join(manifest["models"])
            raise SystemExit(f"model '{model_name}' is not in {data_dir}/manifest.json; choose from {known}.")
        for threads in parse_list(args.threads, int):
            results.append(train_row(manifest, data_dir, data, model_name, threads))

    output = {
        "framework": "pytorch",
        "versions": {
            "torch": torch.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
            "pythonExecutable": sys.executable,
            "torchParallelBackend": torch.__config__.parallel_info().splitlines()[-1].strip(),
            "torchBlasLibraries": loaded_blas_libraries(),
        },
        "results": results,
    }
    json.dump(output, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
