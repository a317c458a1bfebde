/** Russian: the data part of the catalogue (the same keys as ../en/data.ts). */
import type { Catalogue } from '../../index.js';

export const dataMessages: Catalogue = {
  dataPanel: {
    dataSet: 'набор данных',
    choose: '— выберите —',
    loadCsv: 'Загрузить CSV…',
    orDrop: 'или перетащите файл .csv в окно',
    missingFile: 'Этот граф обучали на файле «<n>{{name}}</n>». Загрузите его снова, чтобы продолжить обучение.',
    notLoaded: 'Файл не загружен:',
    samples: 'точек',
    noise: 'шум',
    seed: 'зерно',
    noDataBlocks: 'Добавьте блоки «Вход» и «Цель», чтобы обучать на этих данных.',
    validationSplit: 'валидационная выборка: {{percent}} % строк отложено',
    rows_one: '{{count}} строка',
    rows_few: '{{count}} строки',
    rows_many: '{{count}} строк',
    rows_other: '{{count}} строки',
    columns_one: '{{count}} столбец',
    columns_few: '{{count}} столбца',
    columns_many: '{{count}} столбцов',
    columns_other: '{{count}} столбца',
    previewSize: '{{rows}} × {{columns}}',
    firstRowsColumns: '(показаны первые {{rows}} и {{columns}})',
    firstRows: '(показаны первые {{count}})',
    classes_one: '{{count}} класс ({{names}})',
    classes_few: '{{count}} класса ({{names}})',
    classes_many: '{{count}} классов ({{names}})',
    classes_other: '{{count}} класса ({{names}})',
    asFeature: '{{column}} → признак',
    asTarget: '{{column}} → цель',
    notUsed: '{{column}} (не используется)',
    filled: 'заполнено: среднее по столбцу (или самый частый класс): {{value}}',
    decimalComma: 'Числа с десятичной запятой прочитаны в столбцах <n>{{columns}}</n>.',
    readAsClasses_one:
      'Столбец <n>{{column}}</n> прочитан как классы: {{text}} из {{total}} его значений — текст ({{examples}}), поэтому его {{count}} число тоже стало классом.',
    readAsClasses_few:
      'Столбец <n>{{column}}</n> прочитан как классы: {{text}} из {{total}} его значений — текст ({{examples}}), поэтому его {{count}} числа тоже стали классами.',
    readAsClasses_many:
      'Столбец <n>{{column}}</n> прочитан как классы: {{text}} из {{total}} его значений — текст ({{examples}}), поэтому его {{count}} чисел тоже стали классами.',
    readAsClasses_other:
      'Столбец <n>{{column}}</n> прочитан как классы: {{text}} из {{total}} его значений — текст ({{examples}}), поэтому его {{count}} числа тоже стали классами.',
    treatAsNumbers: 'Читать как числа',
    example: '‘{{text}}’ = {{value}}',
    writtenAsClasses:
      'Столбец <n>{{column}}</n> прочитан как классы, но его значения похожи на числа, записанные так: {{how}}. Например: {{examples}}.',
    writtenAsMissing_one:
      'В столбце <n>{{column}}</n> {{count}} значение похоже на число, записанное так: {{how}} ({{examples}}), и считается пропущенным.',
    writtenAsMissing_few:
      'В столбце <n>{{column}}</n> {{count}} значения похожи на числа, записанные так: {{how}} ({{examples}}), и считаются пропущенными.',
    writtenAsMissing_many:
      'В столбце <n>{{column}}</n> {{count}} значений похожи на числа, записанные так: {{how}} ({{examples}}), и считаются пропущенными.',
    writtenAsMissing_other:
      'В столбце <n>{{column}}</n> {{count}} значения похожи на числа, записанные так: {{how}} ({{examples}}), и считаются пропущенными.',
    writtenRead: 'Значения, записанные так ({{how}}), прочитаны как числа: {{examples}}.',
    guessGroup:
      'По файлу не видно, разделяет ли ‘{{mark}}’ разряды или отделяет дробную часть; он принят за разделитель разрядов, как принято в таких файлах.',
    guessDecimal:
      'По файлу не видно, разделяет ли ‘{{mark}}’ разряды или отделяет дробную часть; он принят за десятичный разделитель, как принято в таких файлах.',
    readThemAsNumbers: 'Прочитать их как числа',
    readAsNumbers:
      'Столбец <n>{{column}}</n> читается как числа, как вы выбрали: его текстовые ячейки считаются пропущенными значениями.',
    backToClasses: 'Снова читать как классы',
    missingRefused_one:
      'В {{count}} строке есть пропущенные значения (в <n>{{columns}}</n>). Выберите, что с ней сделать:',
    missingRefused_few:
      'В {{count}} строках есть пропущенные значения (в <n>{{columns}}</n>). Выберите, что с ними сделать:',
    missingRefused_many:
      'В {{count}} строках есть пропущенные значения (в <n>{{columns}}</n>). Выберите, что с ними сделать:',
    missingRefused_other:
      'В {{count}} строки есть пропущенные значения (в <n>{{columns}}</n>). Выберите, что с ними сделать:',
    drop_one: 'Удалить {{count}} строку с пропусками',
    drop_few: 'Удалить {{count}} строки с пропусками',
    drop_many: 'Удалить {{count}} строк с пропусками',
    drop_other: 'Удалить {{count}} строки с пропусками',
    fill: 'Заполнить средним по столбцу',
    dropped_one: 'Удалена {{count}} строка с пропусками; осталось {{kept}}.',
    dropped_few: 'Удалены {{count}} строки с пропусками; осталось {{kept}}.',
    dropped_many: 'Удалено {{count}} строк с пропусками; осталось {{kept}}.',
    dropped_other: 'Удалено {{count}} строки с пропусками; осталось {{kept}}.',
    filledNote: 'Заполнено средним по столбцу (в столбце классов — самым частым классом): {{cells}} в {{rows}}.',
    missingCells_one: '{{count}} пропуск',
    missingCells_few: '{{count}} пропуска',
    missingCells_many: '{{count}} пропусков',
    missingCells_other: '{{count}} пропуска',
    inRows_one: '{{count}} строке',
    inRows_few: '{{count}} строках',
    inRows_many: '{{count}} строках',
    inRows_other: '{{count}} строки',
    fillInstead: 'Лучше заполнить средним',
    dropInstead: 'Лучше удалить эти строки',
    oneColumnAtLeast: 'Блоку данных нужен хотя бы один столбец.',
    input: 'Вход',
    target: 'Цель',
    takes_one: '<b>{{block}}</b> <n>{{id}}</n> берёт {{count}} столбец',
    takes_few: '<b>{{block}}</b> <n>{{id}}</n> берёт {{count}} столбца',
    takes_many: '<b>{{block}}</b> <n>{{id}}</n> берёт {{count}} столбцов',
    takes_other: '<b>{{block}}</b> <n>{{id}}</n> берёт {{count}} столбца',
    byPosition: '(по порядку)',
  },
  writing: {
    groupedBy: 'разряды разделены {{by}}',
    spaces: 'пробелами',
    apostrophes: 'апострофами',
    decimalComma: 'десятичная запятая',
    prefix: '‘{{mark}}’ перед числом',
    suffix: '‘{{mark}}’ после числа',
    and: '{{first}} и {{second}}',
  },
  datasets: {
    and: { title: 'AND', description: 'Логический элемент AND: y = 1, только когда x1 = x2 = 1.' },
    or: { title: 'OR', description: 'Логический элемент OR: y = 1, когда x1 или x2 равен 1.' },
    not: { title: 'NOT', description: 'Логический элемент NOT: y = 1 − x.' },
    xor: {
      title: 'XOR',
      description:
        'Логический элемент XOR: y = 1, когда ровно один вход равен 1. Один нейрон этому научиться не может.',
    },
    sine: {
      title: 'Синус',
      description:
        'y = sin(x) в равноотстоящих точках x на [−π, π] (по желанию с шумом): универсальная аппроксимация в одномерном случае.',
    },
    circle: { title: 'Круг', description: 'Точки внутри круга (метка 1) и в кольце вокруг него (метка 0).' },
    spiral: { title: 'Спираль', description: 'Два переплетённых витка спирали (метки 0 и 1).' },
    gaussians: {
      title: 'Два гауссовых облака',
      description: 'Два гауссовых облака точек вокруг (−1, −1) (метка 0) и (1, 1) (метка 1).',
    },
    digits: {
      title: 'Рукописные цифры (8×8)',
      description: '1797 рукописных цифр: 8×8 пикселей со значениями 0–16 (p0 … p63) и метка цифры 0–9.',
    },
    iris: {
      title: 'Ирисы',
      description: '150 цветков ириса: 4 измерения в сантиметрах и вид (setosa, versicolor, virginica).',
    },
  },
  construction: {
    caption: 'Универсальная аппроксимация построением',
    what: '{{f}} на [{{lo}}; {{hi}}] в виде лесенки: каждая ступенька — два крутых сигмоидных нейрона, σ(k(x − a)) − σ(k(x − b)), с весом f(середины).',
    bumps: 'ступенек N',
    bumpsHelp: 'На сколько ступенек (отрезков) делится интервал; в скрытом слое будет 2N нейронов. От 1 до {{max}}.',
    steepness: 'крутизна k',
    steepnessHelp:
      'Наклон каждого нейрона σ(k(x − a)): чем он больше, тем резче края каждой ступеньки. Больше 0, не больше {{max}}.',
    halveHelp: 'Уменьшить вдвое: {{what}}',
    doubleHelp: 'Увеличить вдвое: {{what}}',
    units_one: '{{count}} скрытый нейрон',
    units_few: '{{count}} скрытых нейрона',
    units_many: '{{count}} скрытых нейронов',
    units_other: '{{count}} скрытого нейрона',
    widths: 'Ширина каждой ступеньки — {{h}}; каждый нейрон поднимается с 12 % до 88 % на отрезке {{rise}}.',
    blurred: 'Ступеньки сливаются друг с другом: чтобы они были чёткими, возьмите k не меньше {{k}}.',
    maxError: 'Наибольшая ошибка |t − y|:',
    maxErrorOn_one: 'Наибольшая ошибка |t − y| на {{count}} строке:',
    maxErrorOn_few: 'Наибольшая ошибка |t − y| на {{count}} строках:',
    maxErrorOn_many: 'Наибольшая ошибка |t − y| на {{count}} строках:',
    maxErrorOn_other: 'Наибольшая ошибка |t − y| на {{count}} строки:',
    maxErrorHelp:
      'Равномерная ошибка, которую оценивает теорема: наибольшее расстояние между данными (функцией) и сетью по всем строкам. Она падает с ростом N, если k достаточно велико.',
    pending: 'вычисляется…',
    noData: 'Загрузите данные, чтобы измерить ошибку.',
    badBumps: 'N должно быть целым числом от 1 до {{max}}.',
    badSteepness: 'k должно быть числом больше 0 и не больше {{max}}.',
    cannot: 'Этот граф больше не соответствует построению: {{why}}.',
  },
  workspace: {
    dropHint: 'Отпустите граф .bps.json или модель .onnx, чтобы открыть их, или файл .csv, чтобы обучать на нём',
    notLoaded: 'Файл {{name}} не загружен: см. вкладку «Данные».',
  },
  fileRead: {
    tooLarge: 'Файл {{name}} занимает {{size}} МБ; файлы больше {{max}} МБ не открываются',
  },
  constructionProblem: {
    hiddenNotLinear: 'скрытый слой «{{id}}» — не линейный слой этого графа',
    outputNotLinear: 'выходной слой «{{id}}» — не линейный слой этого графа',
    hiddenNotFromInput: 'скрытый слой «{{id}}» должен получать данные от блока «Вход»',
    oneColumn: 'построение рассчитано на один входной столбец, а «{{input}}» даёт {{count}}',
    outputNotFromSigmoid: 'выходной слой «{{id}}» должен получать данные от сигмоиды (или ступеньки)',
    stepThreshold: 'у ступеньки «{{id}}» порог должен быть 0 (где переключаются нейроны, задают их смещения)',
    activationNotFromHidden: 'блок «{{block}}» «{{id}}» должен получать данные от скрытого слоя «{{hidden}}»',
    outputOneColumn: 'у выходного слоя «{{id}}» должен быть один выход',
    outputBias: 'выходному слою «{{id}}» нужно смещение',
    hiddenBias: 'скрытому слою «{{id}}» нужно смещение',
  },
};
