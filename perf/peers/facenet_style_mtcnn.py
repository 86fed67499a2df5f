#!/usr/bin/env python3
"""PyTorch-eager peer baseline: the facenet-pytorch MTCNN pipeline on a GPU, timed with CUDA events.

This re-states facenet-pytorch's detect_face (area-resampled pyramid, PNet per scale, batched NMS 0.5 per
scale then 0.7 across scales, RNet 0.7, ONet 0.7 with 'Min' NMS) on the same safetensors weights the engine
loads (names pnet.conv1.weight ... onet.dense6_3.bias), so its latency is a fair eager-PyTorch reference for
MtcnnCuda's CUDA backend. It cannot run on the development machines (no GPU there); run it on a GPU host:

    python3 perf/peers/facenet_style_mtcnn.py --weights ../shared/data/reference-weights/mtcnn-original.safetensors \
        --image ../shared/data/images/multiface.jpg --warmup 10 --iterations 100

Needs: torch (CUDA build), torchvision (batched_nms), numpy, Pillow; safetensors is optional (a minimal
reader is built in). Prints per-iteration latency statistics (ms) and the faces found on the last run.
"""
import argparse
import json
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from torchvision.ops.boxes import batched_nms


def load_safetensors(path):
    """Minimal safetensors reader (float32 only): 8-byte LE header length, JSON header, raw data."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        if spec["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {spec['dtype']} is not F32")
        begin, end = spec["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype="<f4").copy()).reshape(spec["shape"])
    return tensors


class PNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 10, 3); self.prelu1 = nn.PReLU(10); self.pool1 = nn.MaxPool2d(2, 2, ceil_mode=True)
        self.conv2 = nn.Conv2d(10, 16, 3); self.prelu2 = nn.PReLU(16)
        self.conv3 = nn.Conv2d(16, 32, 3); self.prelu3 = nn.PReLU(32)
        self.conv4_1 = nn.Conv2d(32, 2, 1); self.softmax4_1 = nn.Softmax(dim=1)
        self.conv4_2 = nn.Conv2d(32, 4, 1)

    def forward(self, x):
        x = self.pool1(self.prelu1(self.conv1(x)))
        x = self.prelu3(self.conv3(self.prelu2(self.conv2(x))))
        return self.conv4_2(x), self.softmax4_1(self.conv4_1(x))


class RNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 28, 3); self.prelu1 = nn.PReLU(28); self.pool1 = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.conv2 = nn.Conv2d(28, 48, 3); self.prelu2 = nn.PReLU(48); self.pool2 = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.conv3 = nn.Conv2d(48, 64, 2); self.prelu3 = nn.PReLU(64)
        self.dense4 = nn.Linear(576, 128); self.prelu4 = nn.PReLU(128)
        self.dense5_1 = nn.Linear(128, 2); self.softmax5_1 = nn.Softmax(dim=1)
        self.dense5_2 = nn.Linear(128, 4)

    def forward(self, x):
        x = self.pool1(self.prelu1(self.conv1(x)))
        x = self.pool2(self.prelu2(self.conv2(x)))
        x = self.prelu3(self.conv3(x))
        x = x.permute(0, 3, 2, 1).contiguous()  # the Caffe model saw transposed images
        x = self.prelu4(self.dense4(x.view(x.shape[0], -1)))
        return self.dense5_2(x), self.softmax5_1(self.dense5_1(x))


class ONet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3); self.prelu1 = nn.PReLU(32); self.pool1 = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.conv2 = nn.Conv2d(32, 64, 3); self.prelu2 = nn.PReLU(64); self.pool2 = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.conv3 = nn.Conv2d(64, 64, 3); self.prelu3 = nn.PReLU(64); self.pool3 = nn.MaxPool2d(2, 2, ceil_mode=True)
        self.conv4 = nn.Conv2d(64, 128, 2); self.prelu4 = nn.PReLU(128)
        self.dense5 = nn.Linear(1152, 256); self.prelu5 = nn.PReLU(256)
        self.dense6_1 = nn.Linear(256, 2); self.softmax6_1 = nn.Softmax(dim=1)
        self.dense6_2 = nn.Linear(256, 4)
        self.dense6_3 = nn.Linear(256, 10)

    def forward(self, x):
        x = self.pool1(self.prelu1(self.conv1(x)))
        x = self.pool2(self.prelu2(self.conv2(x)))
        x = self.pool3(self.prelu3(self.conv3(x)))
        x = self.prelu4(self.conv4(x))
        x = x.permute(0, 3, 2, 1).contiguous()
        x = self.prelu5(self.dense5(x.view(x.shape[0], -1)))
        return self.dense6_2(x), self.dense6_3(x), self.softmax6_1(self.dense6_1(x))


def build_nets(weights_path, device):
    tensors = load_safetensors(weights_path)
    nets = {"pnet": PNet(), "rnet": RNet(), "onet": ONet()}
    for prefix, net in nets.items():
        state = {k[len(prefix) + 1:]: v for k, v in tensors.items() if k.startswith(prefix + ".")}
        missing, unexpected = net.load_state_dict(state, strict=False)
        if missing:
            raise ValueError(f"{prefix}: weights file lacks {missing}")
        net.to(device).eval()
    return nets["pnet"], nets["rnet"], nets["onet"]


def generate_boxes(reg, probs, scale, thresh):
    stride, cellsize = 2, 12
    reg = reg.permute(1, 0, 2, 3)
    mask = probs >= thresh
    mask_inds = mask.nonzero()
    image_inds = mask_inds[:, 0]
    score = probs[mask]
    reg = reg[:, mask].permute(1, 0)
    bb = mask_inds[:, 1:].type(reg.dtype).flip(1)
    q1 = ((stride * bb + 1) / scale).floor()
    q2 = ((stride * bb + cellsize - 1 + 1) / scale).floor()
    return torch.cat([q1, q2, score.unsqueeze(1), reg], dim=1), image_inds


def nms_min(boxes, scores, threshold):
    """The 'Min' NMS of the final stage (+1 pixel areas), on the GPU tensors."""
    order = scores.argsort(descending=True)
    x1, y1, x2, y2 = boxes.unbind(1)
    area = (x2 - x1 + 1) * (y2 - y1 + 1)
    keep = []
    while order.numel() > 0:
        i = order[0]
        keep.append(i)
        if order.numel() == 1:
            break
        rest = order[1:]
        w = (torch.minimum(x2[i], x2[rest]) - torch.maximum(x1[i], x1[rest]) + 1).clamp(min=0)
        h = (torch.minimum(y2[i], y2[rest]) - torch.maximum(y1[i], y1[rest]) + 1).clamp(min=0)
        o = w * h / torch.minimum(area[i], area[rest])
        order = rest[o <= threshold]
    return torch.stack(keep) if keep else torch.empty(0, dtype=torch.long, device=boxes.device)


def bbreg(boxes, reg):
    w = boxes[:, 2] - boxes[:, 0] + 1
    h = boxes[:, 3] - boxes[:, 1] + 1
    b = torch.stack([boxes[:, 0] + reg[:, 0] * w, boxes[:, 1] + reg[:, 1] * h,
                     boxes[:, 2] + reg[:, 2] * w, boxes[:, 3] + reg[:, 3] * h]).permute(1, 0)
    return torch.cat([b, boxes[:, 4:]], dim=1)


def rerec(boxes):
    h = boxes[:, 3] - boxes[:, 1]
    w = boxes[:, 2] - boxes[:, 0]
    l = torch.max(w, h)
    boxes[:, 0] = boxes[:, 0] + w * 0.5 - l * 0.5
    boxes[:, 1] = boxes[:, 1] + h * 0.5 - l * 0.5
    boxes[:, 2:4] = boxes[:, :2] + l.repeat(2, 1).permute(1, 0)
    return boxes


def crops(imgs, boxes, image_inds, size):
    """Zero-padded crops (the engine's default EdgeMode.ZeroPad), area-resampled to size x size."""
    _, _, h, w = imgs.shape
    b = boxes[:, :4].trunc().int().cpu().tolist()
    out = []
    for (x1, y1, x2, y2), k in zip(b, image_inds.cpu().tolist()):
        x0, y0 = x1 - 1, y1 - 1
        if x2 - x0 <= 0 or y2 - y0 <= 0:
            out.append(torch.zeros(1, 3, size, size, device=imgs.device))
            continue
        patch = torch.zeros(1, 3, y2 - y0, x2 - x0, device=imgs.device)
        sx0, sy0, sx1, sy1 = max(x0, 0), max(y0, 0), min(x2, w), min(y2, h)
        if sx1 > sx0 and sy1 > sy0:
            patch[:, :, sy0 - y0:sy1 - y0, sx0 - x0:sx1 - x0] = imgs[k:k + 1, :, sy0:sy1, sx0:sx1]
        out.append(F.interpolate(patch, size=(size, size), mode="area"))
    return (torch.cat(out) - 127.5) * 0.0078125


@torch.no_grad()
def detect(imgs, pnet, rnet, onet, minsize=20, factor=0.709, thresholds=(0.6, 0.7, 0.7)):
    batch, _, h, w = imgs.shape
    m = 12.0 / minsize
    minl = min(h, w) * m
    scale, scales = m, []
    while minl >= 12:
        scales.append(scale)
        scale *= factor
        minl *= factor
    boxes, image_inds, scale_picks, offset = [], [], [], 0
    for scale in scales:
        im = F.interpolate(imgs, size=(int(h * scale + 1), int(w * scale + 1)), mode="area")
        im = (im - 127.5) * 0.0078125
        reg, probs = pnet(im)
        b, inds = generate_boxes(reg, probs[:, 1], scale, thresholds[0])
        boxes.append(b)
        image_inds.append(inds)
        pick = batched_nms(b[:, :4], b[:, 4], inds, 0.5)
        scale_picks.append(pick + offset)
        offset += b.shape[0]
    boxes = torch.cat(boxes)[torch.cat(scale_picks)]
    image_inds = torch.cat(image_inds)[torch.cat(scale_picks)]
    pick = batched_nms(boxes[:, :4], boxes[:, 4], image_inds, 0.7)
    boxes, image_inds = boxes[pick], image_inds[pick]
    regw, regh = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    boxes = torch.stack([boxes[:, 0] + boxes[:, 5] * regw, boxes[:, 1] + boxes[:, 6] * regh,
                         boxes[:, 2] + boxes[:, 7] * regw, boxes[:, 3] + boxes[:, 8] * regh, boxes[:, 4]]).permute(1, 0)
    boxes = rerec(boxes)
    if boxes.shape[0] > 0:
        out = rnet(crops(imgs, boxes, image_inds, 24))
        score = out[1][:, 1]
        ipass = score > thresholds[1]
        boxes = torch.cat([boxes[ipass, :4], score[ipass].unsqueeze(1)], dim=1)
        image_inds, mv = image_inds[ipass], out[0][ipass]
        pick = batched_nms(boxes[:, :4], boxes[:, 4], image_inds, 0.7)
        boxes, image_inds, mv = boxes[pick], image_inds[pick], mv[pick]
        boxes = rerec(bbreg(boxes, mv))
    points = torch.zeros(0, 5, 2, device=imgs.device)
    if boxes.shape[0] > 0:
        out = onet(crops(imgs, boxes, image_inds, 48))
        score = out[2][:, 1]
        ipass = score > thresholds[2]
        points = out[1][ipass]
        boxes = torch.cat([boxes[ipass, :4], score[ipass].unsqueeze(1)], dim=1)
        image_inds, mv = image_inds[ipass], out[0][ipass]
        w_i, h_i = boxes[:, 2] - boxes[:, 0] + 1, boxes[:, 3] - boxes[:, 1] + 1
        px = w_i.repeat(5, 1).permute(1, 0) * points[:, :5] + boxes[:, 0].repeat(5, 1).permute(1, 0) - 1
        py = h_i.repeat(5, 1).permute(1, 0) * points[:, 5:10] + boxes[:, 1].repeat(5, 1).permute(1, 0) - 1
        points = torch.stack((px, py)).permute(1, 2, 0)
        boxes = bbreg(boxes, mv)
        pick = nms_min(boxes[:, :4], boxes[:, 4], 0.7)
        boxes, points = boxes[pick], points[pick]
    return boxes, points


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", required=True)
    parser.add_argument("--image", required=True)
    parser.add_argument("--batch", type=int, default=1, help="copies of the image per call")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--iterations", type=int, default=100)
    args = parser.parse_args()
    if not torch.cuda.is_available():
        sys.exit("CUDA is not available to torch: this baseline measures the GPU path only.")
    device = torch.device("cuda")
    pnet, rnet, onet = build_nets(args.weights, device)
    rgb = np.asarray(Image.open(args.image).convert("RGB"), dtype=np.uint8)
    host = torch.from_numpy(rgb).pin_memory()

    def run():
        # Timed from host pixels to final boxes, like the engine's Detect (upload included).
        imgs = host.to(device, non_blocking=True).permute(2, 0, 1).float().unsqueeze(0).repeat(args.batch, 1, 1, 1)
        boxes, points = detect(imgs, pnet, rnet, onet)
        return boxes.cpu(), points.cpu()

    for _ in range(args.warmup):
        run()
    torch.cuda.synchronize()
    times = []
    for _ in range(args.iterations):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        boxes, points = run()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    t = np.array(times)
    print(f"device: {torch.cuda.get_device_name(0)}; torch {torch.__version__}; image {rgb.shape[1]}x{rgb.shape[0]}; batch {args.batch}")
    print(f"latency ms: mean {t.mean():.3f}  median {np.median(t):.3f}  p90 {np.percentile(t, 90):.3f}  min {t.min():.3f}  (n={len(t)})")
    print(f"faces: {boxes.shape[0]}")
    for b in boxes.tolist():
        print("  box ({:.1f}, {:.1f}, {:.1f}, {:.1f}) score {:.4f}".format(*b))


if __name__ == "__main__":
    main()
