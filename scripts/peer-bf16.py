#!/usr/bin/env python3
"""The PyTorch peer (../shared/peer/seed_resnet_torch.py) with its forward pass under PyTorch's CPU
autocast to bfloat16: the peer's own mixed precision, to set beside `mnist bench train --precision bf16`.
The peer's file is loaded as it is and only its network's forward is wrapped; arguments are the peer's.
    /usr/bin/python3 scripts/peer-bf16.py throughput --batches 8 --width 128
Used to compare, never by the product.
"""
import importlib.util, os, sys

import torch

PEER = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peer",
                                     "seed_resnet_torch.py"))
spec = importlib.util.spec_from_file_location("seed_resnet_torch", PEER)
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)
plain_forward = peer.MNISTResNet.forward


def autocast_forward(self, x):
    with torch.autocast("cpu", dtype=torch.bfloat16):
        return plain_forward(self, x).float()


peer.MNISTResNet.forward = autocast_forward
sys.argv[0] = PEER
sys.exit(peer.main())
