"""The project's default network, the `fast` family (Architecture.fast in Java), in PyTorch.

Naming scheme, shared with the report's class (report_model.py) so that one loader reads both:
  conv1, bn1                    the stem: 3x3, 1 -> max(8, width // 2) channels, stride 1
  layer1, layer2, layer3        one ResidualBlock each (the report's block), at width, 2*width,
                                4*width channels, strides 2, 2, 1: 28x28 -> 14x14 -> 7x7 -> 7x7
  layerS.0.conv1/bn1/conv2/bn2  the residual path; layerS.0.shortcut.0/1 the 1x1 projection and
                                its batch norm (every fast block projects: channels or stride change)
  fc                            the classifier after global average pooling
There is no conv2/bn2 at the top: unlike the report's class, FastResNet builds nothing it does not use.
"""
import torch
import torch.nn as nn

from report_model import ResidualBlock


class FastResNet(nn.Module):
    def __init__(self, width=16):
        super(FastResNet, self).__init__()
        stem = max(8, width // 2)
        self.conv1 = nn.Conv2d(1, stem, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(stem)
        self.layer1 = nn.Sequential(ResidualBlock(stem, width, stride=2))
        self.layer2 = nn.Sequential(ResidualBlock(width, 2 * width, stride=2))
        self.layer3 = nn.Sequential(ResidualBlock(2 * width, 4 * width, stride=1))
        self.avg_pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(4 * width, 10)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(self.avg_pool(x), 1))


def build(arch, width):
    """The class named by ./mnist's --arch (report or fast), at width."""
    from report_model import MNISTResNet
    return MNISTResNet(width) if arch == "report" else FastResNet(width)
